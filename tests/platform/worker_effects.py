"""A test-only effect kind, imported by the test process and by the Celery worker a test starts (-I).

Its handler writes one audit record per application, so tests count how often an effect ran.
"""

from partnercenter import scheduler
from partnercenter.audit import audit_record_write

KIND = "tests.touch"


@scheduler.register(KIND)
def touch(effect):
    audit_record_write(
        partner=effect.partner,
        actor=None,
        operation_type="test_effect",
        resource_type="test",
        customized_data={"target": effect.target},
        when=effect.due_at,
    )
