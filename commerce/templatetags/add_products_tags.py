"""`{% add_products_sections as sections %}`: the Add products sections the signed-in user may open."""

from django import template

from commerce.add_products import sections_for

register = template.Library()


@register.simple_tag(takes_context=True)
def add_products_sections(context):
    return sections_for(context["request"].user)
