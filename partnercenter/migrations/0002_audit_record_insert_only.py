"""The audit table refuses UPDATE and DELETE in the database itself, whatever the application does.

TRUNCATE is left to database privileges (revoke it from the application role in production): the
test runner empties tables with TRUNCATE between transactional tests.
"""

from django.db import migrations

from partnercenter.db_triggers import vendor_sql

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION audit_record_is_insert_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'partnercenter_auditrecord is insert-only (%% refused)', TG_OP USING ERRCODE = '42501';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_record_insert_only
    BEFORE UPDATE OR DELETE ON partnercenter_auditrecord
    FOR EACH ROW EXECUTE FUNCTION audit_record_is_insert_only();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS audit_record_insert_only ON partnercenter_auditrecord;
DROP FUNCTION IF EXISTS audit_record_is_insert_only();
"""
SQLITE_UP = [
    """CREATE TRIGGER audit_record_no_update BEFORE UPDATE ON partnercenter_auditrecord
       BEGIN SELECT RAISE(ABORT, 'partnercenter_auditrecord is insert-only (UPDATE refused)'); END;""",
    """CREATE TRIGGER audit_record_no_delete BEFORE DELETE ON partnercenter_auditrecord
       BEGIN SELECT RAISE(ABORT, 'partnercenter_auditrecord is insert-only (DELETE refused)'); END;""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS audit_record_no_update;",
    "DROP TRIGGER IF EXISTS audit_record_no_delete;",
]


class Migration(migrations.Migration):
    dependencies = [("partnercenter", "0001_initial")]
    operations = [
        vendor_sql(
            up={"postgresql": [POSTGRES_UP], "sqlite": SQLITE_UP},
            down={"postgresql": [POSTGRES_DOWN], "sqlite": SQLITE_DOWN},
        )
    ]
