"""Good-practice stories: the appreciative-inquiry form, submission for the intranet, approval."""

from __future__ import annotations

from collections.abc import Mapping

from bot import i18n, keys, texts
from bot.constants import COUNTY_ROLES, StoryStatus
from bot.context import TurnContext
from bot.domain.vocabulary import TOOLS
from bot.errors import NotAllowed, UserError
from bot.events import ActionInvoked, CommandInvoked
from bot.ids import ActionId, FormId, row_id
from bot.intents import post_edits
from bot.intents.answered import update_reviews
from bot.intents.free_text import free_text_fields
from bot.intents.guard import confirm_field, field_errors, flagged_fields
from bot.privacy import is_overridable
from bot.replies import (
    Bold,
    Button,
    ButtonsBlock,
    FieldsBlock,
    FormBlock,
    FormField,
    Option,
    OutgoingMessage,
    Reply,
    Target,
    TextBlock,
    Visibility,
    say,
    text,
)
from bot.services.language import channel_locale
from bot.store.models import PracticeStory

TITLE_LIMIT = 120
SECTION_LIMIT = 2000
REASON_LIMIT = 1000


SHARE_FIELD = "share"
"""The required choice of a new story's first readers: ``team`` (posted in the channel now) or ``pl``
(sent to the practice leader for review, never posted). Never pre-selected; an edit doesn't ask it."""
SHARE_TEAM, SHARE_PL = "team", "pl"


def story_form(
    values: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
    *,
    offer_override: bool = False,
    story_id: int | None = None,
) -> FormBlock:
    """The appreciative-inquiry form, optionally pre-filled, with inline errors.

    ``offer_override`` adds the author's "I've checked" statement, offered only when every
    identifier-guard finding is of the ``check`` tier (and checked again on submission).
    ``story_id`` makes it the edit form of that story (no share choice: the story keeps its way).
    """
    values, errors = values or {}, errors or {}
    tool_options = tuple(Option(label=t, value=t) for t in TOOLS)

    def field(name: str, label: str, kind: str = "multiline", limit: int = SECTION_LIMIT) -> FormField:
        return FormField.model_validate(
            {
                "name": name,
                "label": label,
                "kind": kind,
                "max_length": limit,
                "initial": values.get(name, ""),
                "error": errors.get(name, ""),
            }
        )

    confirm = confirm_field()
    share = FormField(
        name=SHARE_FIELD,
        label=texts.STORY_FIELD_SHARE,
        kind="select",
        options=(
            Option(label=texts.STORY_SHARE_TEAM, value=SHARE_TEAM),
            Option(label=texts.STORY_SHARE_PL, value=SHARE_PL),
        ),
        initial=values.get(SHARE_FIELD, ""),
        error=errors.get(SHARE_FIELD, ""),
    )
    fields = (
        field("title", texts.STORY_FIELD_TITLE, "text", TITLE_LIMIT),
        field("situation", texts.STORY_FIELD_SITUATION),
        field("what_we_did", texts.STORY_FIELD_DID),
        field("difference", texts.STORY_FIELD_DIFFERENCE),
        FormField(
            name="tools",
            label=texts.STORY_FIELD_TOOLS,
            kind="multiselect",
            required=False,
            options=tool_options,
            initial=values.get("tools", ""),
            error=errors.get("tools", ""),
        ),
    )
    if story_id is not None:
        return FormBlock(
            form_id=FormId.STORY,
            title=texts.STORY_EDIT_FORM_TITLE,
            submit_label=texts.STORY_EDIT_SUBMIT,
            context=str(story_id),
            fields=(*fields, *((confirm,) if offer_override else ())),
        )
    return FormBlock(
        form_id=FormId.STORY,
        title=texts.STORY_FORM_TITLE,
        submit_label=texts.STORY_FORM_SUBMIT,
        fields=(*fields, share, *((confirm,) if offer_override else ())),
    )


def validate_story(fields: Mapping[str, str], *, editing: bool = False) -> dict[str, str]:
    """Field errors of a submitted story form (empty when it is fine)."""
    errors: dict[str, str] = {}
    if not editing and fields.get(SHARE_FIELD, "") not in {SHARE_TEAM, SHARE_PL}:
        errors[SHARE_FIELD] = texts.STORY_FIELD_CHOOSE
    limits = {"title": TITLE_LIMIT, "situation": SECTION_LIMIT, "what_we_did": SECTION_LIMIT}
    limits["difference"] = SECTION_LIMIT
    for name, limit in limits.items():
        value = fields.get(name, "").strip()
        if not value:
            errors[name] = texts.STORY_FIELD_REQUIRED
        elif len(value) > limit:
            errors[name] = texts.STORY_FIELD_TOO_LONG.format(limit=limit)
    if any(t not in TOOLS for t in split_tools(fields.get("tools", ""))):
        errors["tools"] = texts.STORY_FIELD_UNKNOWN_TOOL
    return errors


def split_tools(value: str) -> list[str]:
    """Tools from a multiselect value (comma separated)."""
    return [t.strip() for t in value.split(",") if t.strip()]


def story_blocks(story: PracticeStory) -> list[TextBlock | FieldsBlock]:
    """A story as blocks (every part of it is user text, shown as plain text)."""
    items = [
        (texts.STORY_SECTION_SITUATION, story.situation),
        (texts.STORY_SECTION_DID, story.what_we_did),
        (texts.STORY_SECTION_DIFFERENCE, story.difference),
    ]
    if story.tools:
        items.append((texts.STORY_SECTION_TOOLS, ", ".join(story.tools)))
    blocks: list[TextBlock | FieldsBlock] = [text(Bold(text=story.title)), FieldsBlock(items=tuple(items))]
    if story.privacy_warning:
        blocks.append(text(texts.POSTED_AFTER_WARNING_NOTE))
    return blocks


async def on_command(ctx: TurnContext) -> list[Reply]:
    """``/goodpractice`` opens the form; ``list`` and ``queue`` show stories."""
    argument = ctx.event.text.strip() if isinstance(ctx.event, CommandInvoked) else ""
    # only the bare words are subcommands: a shared message that starts with "list…" is a story
    if argument.lower() == "list":
        return await _list_mine(ctx)
    if argument.lower() == "queue":
        return await _queue(ctx)
    prefill = {"situation": argument} if argument else {}
    return [Reply(blocks=(story_form(prefill),))]


async def on_form(ctx: TurnContext) -> list[Reply]:
    """A submitted story form: a new story (posted now or sent to the practice leader, as the author
    chose), an edit of one (its ``context``), or the form again with errors."""
    fields = {k: v.strip() for k, v in ctx.submission.fields.items()}
    story_id = row_id(ctx.submission.context)
    errors = validate_story(fields, editing=story_id is not None)
    if errors:
        return [Reply(blocks=(story_form(fields, errors, story_id=story_id),))]
    checked = {name: fields[name] for name in free_text_fields("story")}
    flagged = flagged_fields(ctx, checked)
    guard_errors = field_errors(ctx, flagged, confirmed=fields.get("anonymised") == "yes")
    if guard_errors:
        every = [f for found in flagged.values() for f in found]
        form = story_form(fields, guard_errors, offer_override=is_overridable(every), story_id=story_id)
        return [Reply(blocks=(form,))]
    if story_id is not None:
        return await _on_edit(ctx, story_id, fields)
    binding = ctx.binding
    team_id = binding.team_id if binding and binding.team_id else await ctx.uow.people.home_team(ctx.actor.id)
    story = await ctx.uow.stories.add(
        PracticeStory(
            organisation_id=ctx.org.id,
            author_id=ctx.actor.id,
            team_id=team_id,
            title=fields["title"],
            situation=fields["situation"],
            what_we_did=fields["what_we_did"],
            difference=fields["difference"],
            tools=split_tools(fields.get("tools", "")),
            status=StoryStatus.SHARED,
            created_at=ctx.now,
            updated_at=ctx.now,
            privacy_warning=ctx.privacy_warning,
        )
    )
    await ctx.audit("story.shared", "story", story.id)
    if fields[SHARE_FIELD] == SHARE_PL:
        sent = await _send_for_review(ctx, story)
        return [say(sent, author_buttons(story))]
    if not ctx.event.conversation.is_direct:
        await _post_in_channel(ctx, story, keys.story_shared(story.id))
    return [say(texts.STORY_SAVED.format(title=story.title), author_buttons(story))]


async def _post_in_channel(ctx: TurnContext, story: PracticeStory, key: str, target: Target | None = None) -> None:
    binding = ctx.binding if target is None else await ctx.uow.orgs.binding(target.platform, target.address)
    with i18n.use(await channel_locale(ctx.uow, binding, ctx.org)):  # the channel's language, not the author's
        post = Reply(
            blocks=(text(texts.STORY_SHARED_IN_CHANNEL, ctx.ref(ctx.actor)), *story_blocks(story)),
            visibility=Visibility.CHANNEL,
        )
        target = target or Target(platform=ctx.platform, kind="channel", address=ctx.event.conversation.channel_id)
        message = OutgoingMessage(target=target, reply=post, idempotency_key=key, purpose="story")
    await ctx.send_later(message)


def _declined_note(ctx: TurnContext, story: PracticeStory, reason: str) -> Reply:
    """What the author of a declined story is told, with buttons to edit and resubmit it."""
    value = str(story.id)
    edit = Button(
        label=texts.STORY_EDIT_RESUBMIT_BUTTON,
        action_id=ActionId.STORY_EDIT,
        value=value,
        style="primary",
        opens_form=True,
    )
    resubmit = Button(label=texts.STORY_SUBMIT_BUTTON, action_id=ActionId.STORY_SUBMIT, value=value)
    return say(
        texts.STORY_DECLINED_FOR_AUTHOR.format(title=story.title, who=ctx.actor.display_name),
        text(reason),
        ButtonsBlock(buttons=(edit, resubmit)),
    )


def author_buttons(story: PracticeStory) -> ButtonsBlock:
    """The author's buttons under their own story: submit (while only shared), edit, withdraw."""
    value = str(story.id)
    submit = Button(label=texts.STORY_SUBMIT_BUTTON, action_id=ActionId.STORY_SUBMIT, value=value, style="primary")
    edit = Button(label=texts.STORY_EDIT_BUTTON, action_id=ActionId.STORY_EDIT, value=value, opens_form=True)
    withdraw = Button(label=texts.STORY_WITHDRAW_BUTTON, action_id=ActionId.STORY_WITHDRAW, value=value, style="danger")
    first = (submit,) if story.status == StoryStatus.SHARED else ()
    return ButtonsBlock(buttons=(*first, edit, withdraw))


async def _story_for_action(ctx: TurnContext) -> PracticeStory:
    story_id = ctx.action.value if isinstance(ctx.event, ActionInvoked) else ctx.submission.context
    story = await ctx.uow.stories.get(found) if (found := row_id(story_id)) is not None else None
    if story is None:
        raise UserError(texts.STORY_NOT_FOUND)
    return story


def _require_status(story: PracticeStory, *allowed: str) -> None:
    if story.status not in allowed:
        label = texts.STORY_STATUS_LABELS.get(story.status, story.status)
        raise UserError(texts.STORY_WRONG_STATE.format(status=label))


async def on_submit_for_intranet(ctx: TurnContext) -> list[Reply]:
    """The author submits a shared story; the team's practice leaders get approve / decline."""
    story = await _story_for_action(ctx)
    if story.author_id != ctx.actor.id:
        raise NotAllowed(texts.STORY_ONLY_AUTHOR)
    _require_status(story, StoryStatus.SHARED, StoryStatus.DECLINED)
    return [say(await _send_for_review(ctx, story), replace_original=True)]


async def _send_for_review(ctx: TurnContext, story: PracticeStory) -> str:
    """Submit the story: each practice leader of its team gets approve / decline. Returns what to tell the author."""
    story.status, story.submitted_at, story.updated_at = StoryStatus.SUBMITTED, ctx.now, ctx.now
    await ctx.audit("story.submitted", "story", story.id)
    reviewers = await ctx.uow.people.with_role("practice_leader", team_id=story.team_id) if story.team_id else []

    def review() -> Reply:
        return say(text(texts.STORY_REVIEW_INTRO, ctx.ref(ctx.actor)), *story_blocks(story), review_buttons(story.id))

    for reviewer in reviewers:
        key = keys.story_review(story.id, ctx.now, reviewer.id)
        await ctx.send_to_person(reviewer, review, key, "story-review")
    if not reviewers:
        return texts.STORY_SUBMITTED_NO_PL
    return texts.STORY_SUBMITTED.format(who=", ".join(r.display_name for r in reviewers))


async def _require_reviewer(ctx: TurnContext, story: PracticeStory) -> None:
    led = await ctx.uow.people.teams_led_by(ctx.actor.id)
    county = {r.role for r in ctx.actor.roles if r.team_id is None and r.locality_id is None}
    if story.team_id not in led and not county.intersection(COUNTY_ROLES):
        raise NotAllowed(texts.STORY_ONLY_PL)


async def on_approve(ctx: TurnContext) -> list[Reply]:
    """A practice leader approves a submitted story for the intranet."""
    story = await _story_for_action(ctx)
    await _require_reviewer(ctx, story)
    _require_status(story, StoryStatus.SUBMITTED)
    story.status, story.reviewer_id, story.decided_at, story.updated_at = (
        "approved",
        ctx.actor.id,
        ctx.now,
        ctx.now,
    )
    await ctx.audit("story.approved", "story", story.id)
    author = await ctx.uow.people.get(story.author_id) if story.author_id else None
    if author is not None:
        who = ctx.actor.display_name

        def note() -> Reply:
            return say(texts.STORY_APPROVED_FOR_AUTHOR.format(title=story.title, who=who))

        await ctx.send_to_person(author, note, keys.story_approved(story.id), "story-decision")
    await update_reviews(ctx, story, texts.STORY_APPROVED_BY.format(who=ctx.actor.display_name))
    return [say(texts.STORY_APPROVED_BY.format(who=ctx.actor.display_name), replace_original=True)]


def decline_form(story_id: int, reason: str = "", error: str = "") -> FormBlock:
    """The form asking a reviewer why a story is declined."""
    reason_field = FormField(
        name="reason",
        label=texts.STORY_DECLINE_REASON,
        kind="multiline",
        max_length=REASON_LIMIT,
        initial=reason,
        error=error,
    )
    return FormBlock(
        form_id=FormId.STORY_DECLINE,
        title=texts.STORY_DECLINE_FORM_TITLE,
        submit_label=texts.STORY_DECLINE_SUBMIT,
        context=str(story_id),
        fields=(reason_field,),
    )


def review_buttons(story_id: int) -> ButtonsBlock:
    """Approve / decline buttons for a story."""
    value = str(story_id)
    return ButtonsBlock(
        buttons=(
            Button(label=texts.STORY_APPROVE, action_id=ActionId.STORY_APPROVE, value=value, style="primary"),
            Button(
                label=texts.STORY_DECLINE,
                action_id=ActionId.STORY_DECLINE,
                value=value,
                style="danger",
                opens_form=True,
            ),
        )
    )


async def on_decline_clicked(ctx: TurnContext) -> list[Reply]:
    """Decline asks for a reason first (the author will read it)."""
    story = await _story_for_action(ctx)
    await _require_reviewer(ctx, story)
    _require_status(story, StoryStatus.SUBMITTED)
    form = decline_form(story.id)
    return [Reply(blocks=(form,))]


async def on_decline_form(ctx: TurnContext) -> list[Reply]:
    """The reason is stored and sent back to the author."""
    story = await _story_for_action(ctx)
    await _require_reviewer(ctx, story)
    _require_status(story, StoryStatus.SUBMITTED)
    reason = ctx.submission.fields.get("reason", "").strip()
    guard_error = field_errors(ctx, flagged_fields(ctx, {"reason": reason}), confirmed=False).get("reason", "")
    if not reason or len(reason) > REASON_LIMIT or guard_error:
        message = texts.STORY_FIELD_REQUIRED if not reason else texts.STORY_FIELD_TOO_LONG.format(limit=REASON_LIMIT)
        message = guard_error or message
        form = decline_form(story.id, reason[:REASON_LIMIT], message)
        return [Reply(blocks=(form,))]
    story.status, story.decline_reason = "declined", reason
    story.reviewer_id, story.decided_at, story.updated_at = ctx.actor.id, ctx.now, ctx.now
    await ctx.audit("story.declined", "story", story.id)
    author = await ctx.uow.people.get(story.author_id) if story.author_id else None
    if author is not None:
        key = keys.story_declined(story.id, story.decided_at)
        await ctx.send_to_person(author, lambda: _declined_note(ctx, story, reason), key, "story-decision")
    await update_reviews(ctx, story, texts.STORY_DECLINED_BY.format(who=ctx.actor.display_name))
    return [say(texts.STORY_DECLINED_BY.format(who=ctx.actor.display_name))]


async def _list_mine(ctx: TurnContext) -> list[Reply]:
    stories = await ctx.uow.stories.by_author(ctx.actor.id)
    if not stories:
        return [say(texts.STORY_LIST_EMPTY)]
    labels = texts.STORY_STATUS_LABELS
    items = tuple((s.title, labels.get(s.status, s.status)) for s in stories)
    return [say(text(Bold(text=texts.STORY_LIST_HEADER)), FieldsBlock(items=items))]


async def _queue(ctx: TurnContext) -> list[Reply]:
    led = await ctx.uow.people.teams_led_by(ctx.actor.id)
    stories = await ctx.uow.stories.awaiting_review(led) if led else []
    if not stories:
        return [say(texts.STORY_QUEUE_EMPTY)]
    blocks: list[TextBlock | FieldsBlock | ButtonsBlock] = [text(Bold(text=texts.STORY_QUEUE_HEADER))]
    for story in stories:
        blocks.extend(story_blocks(story))
        blocks.append(review_buttons(story.id))
    return [say(*blocks)]


# --- the author's edit and withdrawal -------------------------------------------------------------

EDITABLE = (StoryStatus.SHARED, StoryStatus.SUBMITTED, StoryStatus.DECLINED)
WITHDRAWABLE = (StoryStatus.SHARED, StoryStatus.SUBMITTED, StoryStatus.DECLINED, StoryStatus.APPROVED)


async def _authors_story(ctx: TurnContext, story_id: str, *allowed: str) -> PracticeStory:
    story = await ctx.uow.stories.get(found) if (found := row_id(story_id)) is not None else None
    if story is None:
        raise UserError(texts.STORY_NOT_FOUND)
    if story.author_id != ctx.actor.id:
        raise NotAllowed(texts.STORY_ONLY_AUTHOR_EDIT)
    _require_status(story, *allowed)
    return story


async def on_edit_clicked(ctx: TurnContext) -> list[Reply]:
    """ "Edit" (or "Edit and resubmit" on a declined story): the story form, pre-filled with the story."""
    story = await _authors_story(ctx, ctx.action.value, *EDITABLE)
    values = {
        "title": story.title,
        "situation": story.situation,
        "what_we_did": story.what_we_did,
        "difference": story.difference,
        "tools": ",".join(story.tools or ()),
    }
    return [Reply(blocks=(story_form(values, story_id=story.id),))]


async def _on_edit(ctx: TurnContext, story_id: int, fields: Mapping[str, str]) -> list[Reply]:
    """Store an edited story (it has passed the guard). A submitted or declined story goes to the
    practice leader again; a story shared in a channel has its post replaced."""
    story = await _authors_story(ctx, str(story_id), *EDITABLE)
    story.title, story.situation = fields["title"], fields["situation"]
    story.what_we_did, story.difference = fields["what_we_did"], fields["difference"]
    story.tools, story.updated_at = split_tools(fields.get("tools", "")), ctx.now
    story.privacy_warning = ctx.privacy_warning
    await ctx.audit("story.edited", "story", story.id)
    if story.status == StoryStatus.SHARED:
        retracted = await post_edits.retract_post(ctx, keys.story_shared(story.id))
        if retracted is not None:
            target, version = retracted
            await _post_in_channel(ctx, story, keys.story_shared_edited(story.id, version), target)
        return [say(texts.STORY_UPDATED.format(title=story.title), author_buttons(story))]
    sent = await _send_for_review(ctx, story)
    return [say(texts.STORY_UPDATED.format(title=story.title), sent, author_buttons(story))]


async def on_withdraw(ctx: TurnContext) -> list[Reply]:
    """The author withdraws a story: it goes no further and its channel post is retracted."""
    story = await _authors_story(ctx, ctx.action.value, *WITHDRAWABLE)
    story.status, story.updated_at = StoryStatus.WITHDRAWN, ctx.now
    await post_edits.retract_post(ctx, keys.story_shared(story.id))
    await ctx.audit("story.withdrawn", "story", story.id)
    return [say(texts.STORY_WITHDRAWN.format(title=story.title), replace_original=True)]
