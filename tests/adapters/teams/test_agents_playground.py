"""First contact with Microsoft's own Teams emulator as the client (issue 12, "Done when").

The Microsoft 365 Agents Playground (npm ``@microsoft/m365agentsplayground``, the version pinned in
``tests/agents_playground/package.json`` and its lock file) is installed once with ``npm ci`` into
``~/.cache/plbot-playground/<version>`` (``$XDG_CACHE_HOME`` if set) and reused. It runs as
``agentsplayground -e <plbot>/api/messages -c msteams --disable-telemetry`` with
``TEAMSAPPTESTER_BROWSER=none``, against a real ``plbot serve`` in anonymous loopback mode (SQLite in
the test's folder, the demo organisation). The playground sends Teams-shaped activities without a
token; the bot's replies go to the playground's mocked Bot Connector (the activities' ``serviceUrl``,
``http://localhost:<port>/_connector``, which plbot's ``LoopbackOnly`` policy allows).

The test drives the playground through the loopback API its own web UI uses (read from the package's
server bundle; no browser):

* ``GET  /_debug/ping`` and ``GET /_internal/v1/testConfig`` — up, and its mock tenant: the personal
  chat's id, the signed-in user, the bot's id and name, the team's channels;
* ``POST /_debug/conversation/{id}/installation`` — the UI's "install": an ``installationUpdate``
  (``action: add``) and a ``conversationUpdate`` with ``membersAdded``, both in personal scope;
* ``POST /_conversation/v1/conversations/{id}/messages`` — the user types in a chat; in a channel this
  starts a new thread (its id ``<channel>;messageid=<id>`` comes back as ``postConversationId``) and
  reaches the bot only when the ``mentions`` name it, as in Teams;
* websocket ``/_ws_conversation/v1/conversations/stream`` — what the UI shows: every message the bot
  posts to the connector, as ``createMessage`` actions with the conversation (or thread) it went to;
* websocket ``/_ws/log/stream`` — the UI's log panel: each activity sent to the bot and the bot's HTTP
  answer.

Checked: an install in the personal chat brings one welcome (``texts.WELCOME``), and a second install
(a reinstall, or Teams' duplicate delivery) none; "hello", "help" and a free sentence each get their
answer (``CHAT_GREETING``, ``CHAT_HELP``, "I didn't catch that. Did you mean …"); an @mention with no
command in the team's General channel gets ``CHAT_MENTION_HELP`` in that thread and nothing at the
channel's top level.

Not checked here, because this playground version cannot do it: dialogs (its invoke API takes only
``adaptiveCard/action``, ``message/submitAction`` and ``composeExtension/*`` names — no ``task/fetch``
or ``task/submit``); the message action (it reads no app manifest, so its UI offers no
``composeExtensions`` command); the tab's SSO (not supported by the playground). Those are tested with
real-format invokes over loopback in ``test_dialogs.py`` and ``tests/adapters/web/test_tab.py``.

The README's screenshots (``test_screenshots_of_the_playground_ui``): with Playwright and Debian's
Chromium (as in ``tests/adapters/web/test_browser.py``, skipped with the reason when either is
missing), the playground's own web UI is opened at its loopback address and used as a person would.
The UI keeps no history (it shows what reaches it on the conversation websocket while it is open, and
only the messages typed into it as the user's), so it is opened first: it installs the app in the
personal chat itself (the welcome), "hello" and "help" are typed into the chat box, and the General
channel gets a new post "@<bot> hello" picked from the UI's mention menu (opening the channel installs
the app there: the bot's intro post). Saved as ``teams-welcome.png`` and
``teams-channel-mention.png`` in a temporary folder, or with ``PLBOT_UPDATE_SCREENSHOTS=1`` in
``docs/screenshots`` (the ``screenshots`` fixture of ``tests/adapters/web/conftest.py``).

Skipped, with the reason shown, when node or npm is missing, npm cannot install the pinned version in
time (registry unreachable or slow), or the installed playground does not start or its API does not
answer as above; never failed for those. Everything the bot does is asserted.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import shutil
import signal
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import aiohttp
import pytest

from bot import texts
from tests.adapters.npm_cache import Pinned, install
from tests.adapters.serve_process import POLL, Serve, free_port, start_plbot
from tests.adapters.web import conftest as web_conftest
from tests.adapters.web import test_browser

if TYPE_CHECKING:
    from playwright.async_api import Browser, Page

pytestmark = pytest.mark.slow
browser = test_browser.browser  # the fixtures, shared: headless Debian Chromium,
screenshots = web_conftest.screenshots  # and where screenshots go (PLBOT_UPDATE_SCREENSHOTS=1: docs/screenshots)

PINNED = Path(__file__).resolve().parents[2] / "agents_playground"
"""``package.json`` and ``package-lock.json`` naming the playground version."""
PACKAGE = "@microsoft/m365agentsplayground"
NPM_DEADLINE = 240.0  # the first install downloads ~4 MB; later runs reuse the cache
START_DEADLINE = 30.0  # the playground listening and answering
REPLY_DEADLINE = 20.0  # one answer from the bot, through the playground
FREE_SENTENCE = "could you remind me about the agenda"


PLAYGROUND = Pinned(PINNED, PACKAGE, "plbot-playground", "cli.js", "Agents Playground test")


async def install_playground() -> Path:
    """The pinned playground's ``cli.js`` (installed into the cache the first time; skips if it can't)."""
    return await install(PLAYGROUND, NPM_DEADLINE) / "cli.js"


def visible_text(message: dict[str, Any]) -> str:
    """The text a person sees in a message: its ``text`` and every text run or block of its cards."""
    found = [str(message.get("text") or "")]

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("type") in {"TextRun", "TextBlock"}:
                found.append(str(node.get("text", "")))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(message.get("attachments", []))
    return " ".join(part for part in found if part)


@dataclass
class Playground:
    """A running playground, seen through its own loopback API."""

    process: asyncio.subprocess.Process
    url: str
    log: Path
    session: aiohttp.ClientSession
    tenant: dict[str, Any] = field(default_factory=dict)
    shown: list[dict[str, Any]] = field(default_factory=list)
    """``createMessage`` actions of the conversation stream, as they came."""
    exchanges: list[dict[str, Any]] = field(default_factory=list)
    """Log-panel entries of activities sent to the bot (request body and the bot's answer)."""
    readers: list[asyncio.Task[None]] = field(default_factory=list)

    @property
    def bot(self) -> dict[str, Any]:
        return dict(self.tenant["bot"])

    @property
    def me(self) -> str:
        return str(self.tenant["currentUser"]["id"])

    @property
    def personal_chat(self) -> str:
        return str(self.tenant["personalChat"]["id"])

    @property
    def channel(self) -> str:
        return str(self.tenant["teams"][0]["channels"][0]["id"])

    def said(self) -> str:
        """The playground's own output so far (for skip and failure messages)."""
        return self.log.read_text(errors="replace")[-1500:] if self.log.exists() else ""

    async def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        """One request to the playground's API; skips if it doesn't answer 200 (not the bot's doing)."""
        try:
            async with self.session.request(method, f"{self.url}{path}", json=body) as response:
                answer = await response.text()
                status = response.status
        except aiohttp.ClientError as error:
            pytest.skip(f"Agents Playground test: {method} {path} failed: {error!r}\n{self.said()}")
        if status != 200:
            pytest.skip(f"Agents Playground test: {method} {path} answered {status}: {answer[:500]}")
        try:
            return json.loads(answer)
        except ValueError:
            return answer  # /_debug/ping says "pong"

    async def listen(self, path: str, keep: Callable[[dict[str, Any]], None]) -> None:
        """Follow one of the UI's websockets in the background."""
        try:
            socket = await self.session.ws_connect(f"{self.url}{path}")
        except aiohttp.ClientError as error:
            pytest.skip(f"Agents Playground test: websocket {path} refused: {error!r}")

        async def read() -> None:
            async for frame in socket:
                if frame.type == aiohttp.WSMsgType.TEXT:
                    keep(json.loads(frame.data))
            await socket.close()

        self.readers.append(asyncio.create_task(read()))

    def keep_shown(self, action: dict[str, Any]) -> None:
        """Keep a conversation-stream action if it is a new message."""
        if action.get("action") == "createMessage":
            self.shown.append(action)

    def keep_exchange(self, entry: dict[str, Any]) -> None:
        """Keep a log-panel entry."""
        if entry.get("logAction") == "appendLog" and isinstance(entry.get("log"), dict):
            self.exchanges.append(entry["log"])

    def from_bot(self, conversation: str) -> list[str]:
        """The visible text of each message the bot posted to ``conversation`` (a chat or a thread)."""
        return [
            visible_text(action["message"])
            for action in self.shown
            if action.get("actionConversationId") == conversation
            and action["message"].get("from", {}).get("id") == self.bot["id"]
        ]

    def delivered(self, kind: str, conversation: str) -> list[int]:
        """The bot's HTTP status for each ``kind`` activity the playground sent it in ``conversation``."""
        return [
            int(entry.get("response", {}).get("statusCode", 0))
            for entry in self.exchanges
            if entry.get("activityName") == kind
            and entry.get("to") == "User Application"
            and entry.get("conversationId") == conversation
        ]

    def answers_in(self, conversation: str, count: int) -> Callable[[], bool]:
        """True once the bot has posted ``count`` messages to ``conversation``."""
        return lambda: len(self.from_bot(conversation)) >= count

    async def until(self, check: Callable[[], bool], what: str, deadline: float = REPLY_DEADLINE) -> None:
        """Wait until ``check`` holds (the websockets deliver meanwhile); fail after ``deadline``."""
        give_up = time.monotonic() + deadline
        while not check():
            assert time.monotonic() < give_up, f"gave up waiting for {what}; the bot said {self.shown}"
            await asyncio.sleep(POLL)

    async def answer_to(self, conversation: str, text: str, mentions: list[dict[str, Any]] | None = None) -> str:
        """The user types ``text``; returns the conversation the bot should answer in (a channel: the thread)."""
        body: dict[str, Any] = {"from": {"id": self.me}, "text": text, "textFormat": "plain"}
        if mentions:
            body["mentions"] = mentions
        sent = await self.call("POST", f"/_conversation/v1/conversations/{conversation}/messages", body)
        return str(sent.get("postConversationId") or conversation)

    async def install(self, conversation: str) -> None:
        """The UI's install of the app in ``conversation``."""
        await self.call("POST", f"/_debug/conversation/{conversation}/installation", {})


async def start_playground(cli: Path, folder: Path, bot_endpoint: str) -> Playground:
    """Start the playground for ``bot_endpoint``; returns it once its API and websockets answer (or skips)."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("Agents Playground test: node is not on PATH")
    log = folder / "playground.log"
    environ = os.environ | {"TEAMSAPPTESTER_BROWSER": "none"}
    with log.open("ab") as sink:
        process = await asyncio.create_subprocess_exec(
            node,
            str(cli),
            "-e",
            bot_endpoint,
            "-c",
            "msteams",
            "--disable-telemetry",
            "-p",
            str(free_port()),
            cwd=folder,  # no stray .m365agentsplayground.yml: the built-in mock tenant
            env=environ,
            stdout=sink,
            stderr=sink,
        )
    playground = Playground(process, "", log, aiohttp.ClientSession())
    give_up = time.monotonic() + START_DEADLINE
    while not playground.url:  # it takes another port if ours was taken meanwhile, and says which
        if process.returncode is not None or time.monotonic() > give_up:
            await stop_playground(playground)
            pytest.skip(f"Agents Playground test: the playground did not start:\n{playground.said()}")
        if listening := re.search(r"Listening on (\d+)", playground.said()):
            playground.url = f"http://127.0.0.1:{listening[1]}"
        else:
            await asyncio.sleep(POLL)
    try:
        await playground.call("GET", "/_debug/ping")
        playground.tenant = (await playground.call("GET", "/_internal/v1/testConfig"))["config"]
        await playground.listen("/_ws_conversation/v1/conversations/stream", playground.keep_shown)
        await playground.listen("/_ws/log/stream", playground.keep_exchange)
    except BaseException:  # a skip included
        await stop_playground(playground)
        raise
    return playground


async def stop_playground(playground: Playground) -> None:
    """Stop our playground process (SIGTERM, then SIGKILL) and close what the test opened."""
    for reader in playground.readers:
        reader.cancel()
    for reader in playground.readers:
        with contextlib.suppress(asyncio.CancelledError, aiohttp.ClientError):
            await reader
    await playground.session.close()
    if playground.process.returncode is None:
        playground.process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(playground.process.wait(), 10)
        except TimeoutError:
            playground.process.kill()
            await playground.process.wait()


@contextlib.asynccontextmanager
async def bot_and_playground(folder: Path) -> AsyncIterator[Playground]:
    """``plbot serve`` (anonymous, loopback) and the pinned playground pointed at it."""
    serve: Serve = await start_plbot(folder, "serve", {"PLBOT_TEAMS_ALLOW_UNAUTHENTICATED": "1"}, "serve")
    playground: Playground | None = None
    try:
        cli = await install_playground()  # while plbot starts
        playground = await start_playground(cli, folder, f"{serve.url}/api/messages")
        await serve.ready()
        yield playground
    finally:
        if playground is not None:
            await stop_playground(playground)
        if serve.process.returncode is None:
            await serve.stop()


async def test_first_contact_through_the_agents_playground(tmp_path: Path) -> None:
    async with bot_and_playground(tmp_path) as playground:
        chat = playground.personal_chat

        await playground.install(chat)
        await playground.until(lambda: any(texts.WELCOME in t for t in playground.from_bot(chat)), "the welcome")
        await playground.install(chat)  # a reinstall, or the same notice delivered twice
        await playground.until(
            lambda: (
                len(playground.delivered("installationUpdate", chat)) == 2
                and len(playground.delivered("conversationUpdate", chat)) == 2
            ),
            "the second install to reach the bot",
        )
        assert all(200 <= status < 300 for status in playground.delivered("installationUpdate", chat))
        assert all(200 <= status < 300 for status in playground.delivered("conversationUpdate", chat))

        expected = {
            "hello": texts.CHAT_GREETING,
            "help": texts.CHAT_HELP,
            FREE_SENTENCE: "I didn't catch that. Did you mean",
        }
        for n, (said, answer) in enumerate(expected.items(), start=2):
            await playground.answer_to(chat, said)
            await playground.until(playground.answers_in(chat, n), f"an answer to {said!r}")
            assert answer in playground.from_bot(chat)[n - 1], f"{said!r} got {playground.from_bot(chat)[n - 1]!r}"

        bot = playground.bot
        at_bot = f"<at>{bot['name']}</at>"
        thread = await playground.answer_to(
            playground.channel, f"{at_bot} hello", [{"mentioned": {"id": bot["id"]}, "text": at_bot}]
        )
        assert thread != playground.channel  # the playground opened a thread for the post
        await playground.until(lambda: bool(playground.from_bot(thread)), "an answer to the @mention")
        assert playground.from_bot(thread) == [texts.CHAT_MENTION_HELP]
        assert playground.from_bot(playground.channel) == []  # in the thread, not as a new post
        assert all(200 <= status < 300 for status in playground.delivered("message", thread))

        personal = playground.from_bot(chat)
        assert sum(texts.WELCOME in t for t in personal) == 1, personal  # one welcome for two installs
        assert len(personal) == 4, personal  # the welcome and three answers, nothing else


Test = TypeVar("Test", bound=Callable[..., Any])


def with_chromium(test: Test) -> Test:
    """Skip ``test``, with the reason, as the browser tests do when Playwright or Chromium is missing."""
    for mark in test_browser.pytestmark:
        test = mark(test)
    return test


async def on_page(page: Page, text: str) -> None:
    """Wait until the UI shows ``text`` (up to its first code span, which the UI renders apart)."""
    await page.get_by_text(text.split("`", 1)[0].strip()).first.wait_for(timeout=REPLY_DEADLINE * 1000)


@with_chromium
async def test_screenshots_of_the_playground_ui(tmp_path: Path, browser: Browser, screenshots: Path) -> None:
    async with bot_and_playground(tmp_path) as playground:
        context = await browser.new_context(viewport={"width": 1280, "height": 1100})
        try:
            page = await context.new_page()
            await page.goto(playground.url)  # the UI installs the app in the personal chat: the welcome
            chat = playground.personal_chat
            await playground.until(playground.answers_in(chat, 1), "the welcome")
            await on_page(page, texts.WELCOME)
            await page.get_by_title("Toggle Log Panel").click()  # the chat's full width
            for n, (said, answer) in enumerate({"hello": texts.CHAT_GREETING, "help": texts.CHAT_HELP}.items(), 2):
                await page.locator("[data-lexical-editor]").last.click()
                await page.keyboard.type(said)
                await page.keyboard.press("Enter")
                await playground.until(playground.answers_in(chat, n), f"an answer to {said!r}")
                assert answer in playground.from_bot(chat)[n - 1], f"{said!r} got {playground.from_bot(chat)[n - 1]!r}"
                await on_page(page, answer)
            assert sum(texts.WELCOME in t for t in playground.from_bot(chat)) == 1
            await page.screenshot(path=str(screenshots / "teams-welcome.png"))

            await page.get_by_text("General", exact=True).click()  # installs the app in the team: its intro post
            await playground.until(lambda: bool(playground.from_bot(playground.channel)), "the intro post")
            await page.locator("[data-lexical-editor]").first.click()  # "Start a new post"
            await page.keyboard.type("@" + playground.bot["name"].split()[0])
            await page.get_by_role("menuitem", name=playground.bot["name"]).click()
            await page.keyboard.type(" hello")
            await page.get_by_role("button", name="Post").click()

            def threads() -> list[str]:
                """The channel's threads the bot posted in (the @mention's, once it has answered)."""
                return [
                    action["actionConversationId"]
                    for action in playground.shown
                    if str(action["actionConversationId"]).startswith(f"{playground.channel};messageid=")
                ]

            await playground.until(lambda: bool(threads()), "an answer to the @mention")
            assert playground.from_bot(threads()[0]) == [texts.CHAT_MENTION_HELP]
            await on_page(page, texts.CHAT_MENTION_HELP)
            await page.screenshot(path=str(screenshots / "teams-channel-mention.png"))
        finally:
            await context.close()
