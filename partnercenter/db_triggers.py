"""Migrations that install database-level guards (insert-only tables, final rows) per database vendor."""

from django.db import migrations


def vendor_sql(*, up: dict[str, list[str]], down: dict[str, list[str]]) -> migrations.RunPython:
    """A migration operation running the statements written for the connection's vendor (none for others)."""

    def runner(statements: dict[str, list[str]]):
        def run(apps, schema_editor):
            for sql in statements.get(schema_editor.connection.vendor, []):
                schema_editor.execute(sql)

        return run

    return migrations.RunPython(runner(up), runner(down))
