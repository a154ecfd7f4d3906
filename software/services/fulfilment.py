"""Commerce's fulfil hook for software lines: a purchase with a key per version, and its charge."""

from software import artifacts
from software.crypto import encrypt_key, new_product_key
from software.models import ProductKey, SoftwarePurchase, term_end


def purchases_fulfil(*, order, lines, actor) -> list[SoftwarePurchase]:
    """One purchase (with a key per version) and one charge per line, inside commerce's transaction.

    The SKU's choices are copied onto the purchase so a later catalog edit never changes what a
    customer already bought; the charge's source names the line so its credit can reference it.
    """
    from billing.services import charge_post

    purchases = []
    for line in sorted(lines, key=lambda line: line.pk):  # commerce's lines carry their priced SKU and product
        sku = line.availability.sku
        options = artifacts.options_for_sku(sku)
        term = line.term_duration or sku.term_duration
        purchase = SoftwarePurchase.objects.create(
            order_line=line,
            partner_id=order.partner_id,
            customer_id=order.customer_id,
            product_title=sku.product.title,
            sku_title=sku.title,
            sku_kind=sku.kind,
            term_duration=term,
            publisher=sku.product.publisher,
            purchased_at=order.created_at,
            **options,
        )
        ProductKey.objects.bulk_create(
            ProductKey(purchase=purchase, version=version, key_ciphertext=encrypt_key(new_product_key()))
            for version in options["versions"]
        )
        charge_post(
            customer=order.customer,
            source=f"software.purchase:{line.pk}",
            order_id=order.order_id,
            product_name=purchase.product_title,
            sku_name=purchase.sku_title,
            quantity=line.quantity,
            unit_price=line.unit_price,
            currency=line.currency,
            charged_at=order.created_at,
            charge_type="new",
            product_id=sku.product.product_id,
            sku_id=sku.sku_id,
            availability_id=line.availability.availability_id,
            charge_start=order.created_at,
            charge_end=term_end(order.created_at, term),
        )
        purchases.append(purchase)
    return purchases
