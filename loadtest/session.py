"""One student, speaking Streamlit's websocket protocol as the browser does.

The browser opens ``/_stcore/stream`` with the ``streamlit`` subprotocol,
asks for a run with a ``rerun_script`` message carrying the link's query and
the widgets' values, and receives the page as a stream of messages ending in
``script_finished``. A student here does the same, and learns each
widget's id from the page it receives, as the browser does.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect

FINISHED = ForwardMsg.ScriptFinishedStatus.Name
WIDGET_KINDS = ("slider", "number_input", "radio", "selectbox", "checkbox")


class SessionFailed(RuntimeError):
    """A session that did not get its page: closed, timed out or crashed."""


@dataclass
class Rerun:
    """One run of the page as a student saw it."""

    kind: str
    seconds: float
    exceptions: list[str]
    errors: list[str]


@dataclass
class Student:
    """A websocket session and the widget ids it has learned."""

    socket: ClientConnection
    timeout_s: float
    ids: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Parameter name -> (widget id, widget kind)."""
    values: dict[str, WidgetState] = field(default_factory=dict)
    """The widget values this student has set, sent with every run."""

    async def run(self, kind: str, query: str = "") -> Rerun:
        """Ask for a run of the page and read it to the end."""
        message = BackMsg()
        message.rerun_script.query_string = query
        message.rerun_script.page_script_hash = ""
        message.rerun_script.widget_states.widgets.extend(self.values.values())
        started = time.perf_counter()
        await self.socket.send(message.SerializeToString())
        exceptions: list[str] = []
        errors: list[str] = []
        async with asyncio.timeout(self.timeout_s):
            while True:
                received = ForwardMsg.FromString(await self.socket.recv())
                which = received.WhichOneof("type")
                if which == "delta":
                    self._read(received, exceptions, errors)
                elif which == "script_finished":
                    status = FINISHED(received.script_finished)
                    if status != "FINISHED_SUCCESSFULLY":
                        raise SessionFailed(f"the run ended {status}")
                    break
        return Rerun(kind, time.perf_counter() - started, exceptions, errors)

    def _read(self, received: ForwardMsg, exceptions: list, errors: list) -> None:
        delta = received.delta
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        which = element.WhichOneof("type")
        if which == "exception":
            exceptions.append(f"{element.exception.type}: {element.exception.message}")
        elif which == "alert" and element.alert.format == element.alert.ERROR:
            errors.append(element.alert.body)
        elif which in WIDGET_KINDS:
            widget_id = getattr(element, which).id
            name = widget_id.rsplit("-", 1)[-1]
            self.ids[name] = (widget_id, which)

    def set(self, name: str, value: float | int) -> None:
        """Move the control of ``name`` to ``value`` for the next run."""
        if name not in self.ids:
            raise SessionFailed(f"the page drew no control named {name!r}")
        widget_id, kind = self.ids[name]
        state = WidgetState(id=widget_id)
        if kind == "slider":
            state.double_array_value.data.append(float(value))
        elif kind == "number_input" and isinstance(value, int):
            state.int_value = value
        elif kind == "number_input":
            state.double_value = float(value)
        else:
            raise SessionFailed(f"{name!r} is a {kind}, not a number")
        self.values[name] = state


def stream_url(url: str) -> str:
    return url.replace("http://", "ws://", 1) + "/_stcore/stream"


async def open_student(url: str, timeout_s: float) -> Student:
    socket = await connect(
        stream_url(url),
        subprotocols=["streamlit"],
        max_size=None,
        open_timeout=timeout_s,
    )
    return Student(socket, timeout_s)
