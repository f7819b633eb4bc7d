"""locales: which language the organisation, its units and each person are written to in

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 19:50:00

Issue 17. An empty locale means "inherit": a team's falls back to its locality's, a locality's to the
organisation's, the organisation's to en-GB. A person has three: chosen in /sofs settings
(chosen_locale), set in the organisation file (locale) and reported by the platform (platform_locale).

A locality may also have its own bank-holiday region (localities[].region; "" = the organisation's).
"""

from alembic import op
import sqlalchemy as sa


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

TABLES = {
    'organisations': ('locale',),
    'localities': ('locale', 'region'),
    'teams': ('locale',),
    'people': ('locale', 'chosen_locale', 'platform_locale'),
}


def upgrade() -> None:
    for table, columns in TABLES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.add_column(sa.Column(column, sa.String(length=20), server_default='', nullable=False))


def downgrade() -> None:
    for table, columns in TABLES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.drop_column(column)
