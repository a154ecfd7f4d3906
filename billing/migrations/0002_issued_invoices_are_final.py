"""Issued invoices and invoice lines are final in the database itself, whatever the application does.

Lines are never updated or deleted; a line may be inserted only on an open invoice; an issued
invoice is never updated or deleted. TRUNCATE (the test runner's flush) is left to privileges.
"""

from django.db import migrations

from partnercenter.db_triggers import vendor_sql

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION billing_line_is_final() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF EXISTS (SELECT 1 FROM billing_invoice WHERE id = NEW.invoice_id AND status = 'issued') THEN
            RAISE EXCEPTION 'billing: invoice %% is issued, no line may be added', NEW.invoice_id
                USING ERRCODE = '42501';
        END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'billing_invoiceline is append-only (%% refused)', TG_OP USING ERRCODE = '42501';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER billing_line_final
    BEFORE INSERT OR UPDATE OR DELETE ON billing_invoiceline
    FOR EACH ROW EXECUTE FUNCTION billing_line_is_final();

CREATE OR REPLACE FUNCTION billing_invoice_is_final() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'issued' THEN
        RAISE EXCEPTION 'billing: invoice %% is issued (%% refused)', OLD.id, TG_OP USING ERRCODE = '42501';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER billing_invoice_final
    BEFORE UPDATE OR DELETE ON billing_invoice
    FOR EACH ROW EXECUTE FUNCTION billing_invoice_is_final();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS billing_line_final ON billing_invoiceline;
DROP FUNCTION IF EXISTS billing_line_is_final();
DROP TRIGGER IF EXISTS billing_invoice_final ON billing_invoice;
DROP FUNCTION IF EXISTS billing_invoice_is_final();
"""
SQLITE_UP = [
    """CREATE TRIGGER billing_line_insert_open_only BEFORE INSERT ON billing_invoiceline
       WHEN (SELECT status FROM billing_invoice WHERE id = NEW.invoice_id) = 'issued'
       BEGIN SELECT RAISE(ABORT, 'billing: invoice is issued, no line may be added'); END;""",
    """CREATE TRIGGER billing_line_no_update BEFORE UPDATE ON billing_invoiceline
       BEGIN SELECT RAISE(ABORT, 'billing_invoiceline is append-only (UPDATE refused)'); END;""",
    """CREATE TRIGGER billing_line_no_delete BEFORE DELETE ON billing_invoiceline
       BEGIN SELECT RAISE(ABORT, 'billing_invoiceline is append-only (DELETE refused)'); END;""",
    """CREATE TRIGGER billing_invoice_issued_no_update BEFORE UPDATE ON billing_invoice
       WHEN OLD.status = 'issued'
       BEGIN SELECT RAISE(ABORT, 'billing: invoice is issued (UPDATE refused)'); END;""",
    """CREATE TRIGGER billing_invoice_issued_no_delete BEFORE DELETE ON billing_invoice
       WHEN OLD.status = 'issued'
       BEGIN SELECT RAISE(ABORT, 'billing: invoice is issued (DELETE refused)'); END;""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS billing_line_insert_open_only;",
    "DROP TRIGGER IF EXISTS billing_line_no_update;",
    "DROP TRIGGER IF EXISTS billing_line_no_delete;",
    "DROP TRIGGER IF EXISTS billing_invoice_issued_no_update;",
    "DROP TRIGGER IF EXISTS billing_invoice_issued_no_delete;",
]


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_initial")]
    operations = [
        vendor_sql(
            up={"postgresql": [POSTGRES_UP], "sqlite": SQLITE_UP},
            down={"postgresql": [POSTGRES_DOWN], "sqlite": SQLITE_DOWN},
        )
    ]
