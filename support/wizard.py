"""The state of a multi-step page form, kept in the user's session per wizard instance.

Each opening of the wizard gets its own id (a hidden field), so two tabs with two requests never mix their
answers. A step's answers are kept as typed (also when the user goes back without finishing the step), so
Previous and Next show them again; only Create turns them into a request, after every step validates again.
"""

import uuid
from dataclasses import dataclass, field

SESSION_KEY = "support_wizards"
MAX_OPEN = 10  # the oldest unfinished wizards are forgotten beyond this


@dataclass
class WizardState:
    id: str
    origin: dict
    step: int = 0
    answers: dict[str, dict] = field(default_factory=dict)


def wizard_start(session, *, origin: dict) -> WizardState:
    """A new instance remembering where it was opened from (reservation, kind, quote session)."""
    state = WizardState(id=uuid.uuid4().hex, origin=origin)
    wizards = dict(session.get(SESSION_KEY, {}))
    for stale in list(wizards)[: max(0, len(wizards) - MAX_OPEN + 1)]:
        del wizards[stale]
    wizards[state.id] = {"origin": origin, "step": 0, "answers": {}}
    session[SESSION_KEY] = wizards
    return state


def wizard_load(session, wizard_id: str) -> WizardState | None:
    stored = session.get(SESSION_KEY, {}).get(str(wizard_id))
    if stored is None:
        return None
    return WizardState(id=str(wizard_id), origin=stored["origin"], step=stored["step"], answers=stored["answers"])


def wizard_save(session, state: WizardState) -> None:
    wizards = dict(session.get(SESSION_KEY, {}))
    wizards[state.id] = {"origin": state.origin, "step": state.step, "answers": state.answers}
    session[SESSION_KEY] = wizards


def wizard_forget(session, state: WizardState) -> None:
    wizards = dict(session.get(SESSION_KEY, {}))
    wizards.pop(state.id, None)
    session[SESSION_KEY] = wizards


def typed_answers(post, names) -> dict[str, str]:
    """The step's fields as typed (strings), for showing them again."""
    return {name: post.get(name, "") for name in names}
