"""shared limits: Slack requests already seen, and rate-limit windows, shared by replicas

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 12:00:00

With several processes on one PostgreSQL database, the Slack replay check and the outbound rate
limits (Slack per channel, Teams per tenant) must be shared (issue 16).
"""

from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('rate_windows',
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('stamps', sa.Text(), nullable=False),
    sa.Column('blocked_until', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_rate_windows'))
    )
    op.create_table('seen_requests',
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('expires_at', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('digest', name=op.f('pk_seen_requests'))
    )
    with op.batch_alter_table('seen_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seen_requests_expires_at'), ['expires_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('seen_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seen_requests_expires_at'))

    op.drop_table('seen_requests')
    op.drop_table('rate_windows')
