"""Every key view, download and link creation is audited; the clear key shows nowhere but its reveal."""

import logging

import pytest

from partnercenter.models import AuditRecord
from software.serializers import entitlement_id
from tests.factories import CustomerUserFactory

CHOICES = {"version": "2022", "language": "it-IT", "bitness": "64-bit"}
KEY = ("get_software_key", "software_key")
LINK = ("get_software_download_link", "software_download_link")


def page_url(customer, purchase, action):
    return f"/software/customers/{customer.tenant_id}/purchases/{purchase.pk}/{action}/"


def entitlement_url(customer, purchase, action):
    return f"/v1/customers/{customer.tenant_id}/entitlements/{entitlement_id(purchase)}/{action}"


def page_key(env):
    env.client_as(env.admin_agent).post(page_url(env.customer, env.purchase, "key"), {"version": "2022"})
    return KEY, env.admin_agent.username


def page_download(env):
    env.client_as(env.admin_agent).post(page_url(env.customer, env.purchase, "download"), CHOICES)
    return LINK, env.admin_agent.username


def page_link(env):
    env.client_as(env.admin_agent).post(page_url(env.customer, env.purchase, "link"), CHOICES)
    return LINK, env.admin_agent.username


def signed_link_download(env):
    url = env.client_as(env.admin_agent).post(
        page_url(env.customer, env.purchase, "link"), CHOICES, HTTP_ACCEPT="application/json"
    )
    env.client_as(None).get(url.json()["url"])
    return LINK, "anonymous (signed download link)"


def customer_key(env):
    admin = CustomerUserFactory(customer=env.customer)
    env.client_as(admin).post(f"/my/software/{env.purchase.pk}/key/", {"version": "2022"})
    return KEY, admin.username


def customer_download(env):
    admin = CustomerUserFactory(customer=env.customer)
    env.client_as(admin).post(f"/my/software/{env.purchase.pk}/download/", CHOICES)
    return LINK, admin.username


def api_key(env):
    env.app_api.post(entitlement_url(env.customer, env.purchase, "productkey"), {"version": "2022"}, format="json")
    return KEY, env.admin_agent.username


def api_link(env):
    env.app_api.post(entitlement_url(env.customer, env.purchase, "downloadlinks"), CHOICES, format="json")
    return LINK, env.admin_agent.username


class Env:
    def __init__(self, **fixtures):
        self.__dict__.update(fixtures)


@pytest.fixture
def env(buy, customer_a, admin_agent_a, client_as, api_as, client):
    def as_user(user):
        if user is None:
            client.logout()
            return client
        return client_as(user)

    return Env(
        purchase=buy(customer_a),
        customer=customer_a,
        admin_agent=admin_agent_a,
        client_as=as_user,
        app_api=api_as(admin_agent_a),  # keys and links are App+User only
    )


@pytest.mark.parametrize(
    "action",
    [
        page_key,
        page_download,
        page_link,
        signed_link_download,
        customer_key,
        customer_download,
        api_key,
        api_link,
    ],
)
def test_every_key_view_download_and_link_is_audited(env, api_as, global_admin_a, action):
    (operation, resource), user = action(env)

    records = api_as(global_admin_a).get("/v1/auditrecords", {"startDate": "2030-01-01"}).json()["items"]

    software = [r for r in records if r["operationType"].startswith("get_software")]
    assert software, "no audit record was written"
    record = software[-1]  # oldest first: the action's own record is the last one
    assert record["operationType"] == operation
    assert record["resourceType"] == resource
    assert record["customerId"] == str(env.customer.tenant_id)
    assert record["customerName"] == "Alpha Srl"
    if user:
        assert record["userPrincipalName"] == user
    else:
        assert record["applicationId"] and not record["userPrincipalName"]
    assert {"key": "OrderId", "value": env.purchase.order_line.order.order_id} in record["customizedData"]


def test_the_clear_key_appears_only_where_it_is_revealed(env, caplog, admin_client, global_admin_a, api_as, customer_a):
    caplog.set_level(logging.DEBUG)
    agent = env.client_as(env.admin_agent)
    key = agent.post(
        page_url(customer_a, env.purchase, "key"), {"version": "2022"}, HTTP_ACCEPT="application/json"
    ).json()["productKey"]
    agent.post(page_url(customer_a, env.purchase, "link"), CHOICES)
    record = AuditRecord.objects.get(operation_type="get_software_key")

    shown = {
        "software tab": agent.get(f"/software/customers/{customer_a.tenant_id}/").content.decode(),
        "keys and downloads panel": agent.get(page_url(customer_a, env.purchase, ""), CHOICES).content.decode(),
        "entitlements JSON": env.app_api.get(f"/v1/customers/{customer_a.tenant_id}/entitlements").content.decode(),
        "orders JSON": env.app_api.get(f"/v1/customers/{customer_a.tenant_id}/orders").content.decode(),
        "purchase admin list": admin_client.get("/admin/software/softwarepurchase/").content.decode(),
        "purchase admin change page": admin_client.get(
            f"/admin/software/softwarepurchase/{env.purchase.pk}/change/"
        ).content.decode(),
        "link admin list": admin_client.get("/admin/software/downloadlink/").content.decode(),
        "audit admin change page": admin_client.get(
            f"/admin/partnercenter/auditrecord/{record.pk}/change/"
        ).content.decode(),
        "audit record values": " ".join(str(value) for value in AuditRecord.objects.values_list()),
        "audit records JSON": api_as(global_admin_a).get("/v1/auditrecords").content.decode(),
        "activity log": env.client_as(global_admin_a).get("/activity-log/").content.decode(),
        "activity log CSV": env.client_as(global_admin_a).get("/activity-log/export.csv").content.decode(),
        "customer's software list": env.client_as(CustomerUserFactory(customer=customer_a))
        .get("/my/software/")
        .content.decode(),
        "logs": caplog.text,
    }

    assert len(key) == 29
    assert [where for where, text in shown.items() if key in text] == []
    assert "Alpha Srl" in shown["activity log"]  # the pages above did render the purchase's records
