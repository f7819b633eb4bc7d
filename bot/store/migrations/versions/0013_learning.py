"""learning record: logged learning, attendance, trainer-pathway milestones (issue 18)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 16:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('learning_logs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_learning_logs_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_learning_logs'))
    )
    op.create_index('ix_learning_logs_person_day', 'learning_logs', ['person_id', 'day'], unique=False)
    with op.batch_alter_table('event_rsvps', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attended_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('event_rsvps', schema=None) as batch_op:
        batch_op.drop_column('attended_at')
    op.drop_index('ix_learning_logs_person_day', table_name='learning_logs')
    op.drop_table('learning_logs')
