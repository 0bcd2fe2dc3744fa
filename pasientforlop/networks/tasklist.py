"""Editing the task list of a preparation package, keyed by identity (pure, no Django).

The coordinator's form sends one row per task: its id (none for a new task), its text, the
place it should have and whether to remove it. Rows are matched to tasks by id, never by
place, so adding a task at the top, moving or removing one never moves an answer to another
task. A task another coordinator added meanwhile (not in the form) is kept, at the end; a
task removed meanwhile is reported as :class:`UnknownTask`.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class TaskRow:
    key: int | None  # the task's id; None for a new task
    text: str
    position: int  # the wanted place, 1-based; ties keep the order of the form
    delete: bool = False


@dataclass(frozen=True)
class TaskPlan:
    order: list[tuple[int | None, str]]  # the resulting list: (id or None, text)
    deleted: set[int] = field(default_factory=set)
    changed: set[int] = field(default_factory=set)  # kept tasks whose text changed
    empty_rows: list[int] = field(default_factory=list)  # 1-based rows of emptied tasks

    @property
    def added(self) -> int:
        return sum(1 for key, _ in self.order if key is None)


class UnknownTask(Exception):
    """A row names a task that no longer exists (removed by someone else)."""

    def __init__(self, key: int):
        super().__init__(f"task {key} is gone")
        self.key = key


def plan(current: Mapping[int, str], rows: Sequence[TaskRow]) -> TaskPlan:
    """What to store for ``rows`` given the ``current`` tasks (id -> text, in list order)."""
    for row in rows:
        if row.key is not None and row.key not in current:
            raise UnknownTask(row.key)
    deleted = {row.key for row in rows if row.delete and row.key is not None}
    kept: list[tuple[int, int, TaskRow]] = []
    empty_rows = []
    for index, row in enumerate(rows):
        if row.key in deleted:
            continue
        text = row.text.strip()
        if row.key is None and not text:
            continue  # an unused empty row
        if row.key is not None and not text:
            empty_rows.append(index + 1)
        kept.append((row.position, index, TaskRow(row.key, text, row.position)))
    kept.sort(key=lambda item: (item[0], item[1]))
    sent = {row.key for row in rows if row.key is not None}
    order = [(row.key, row.text) for _, _, row in kept]
    order += [(key, text) for key, text in current.items() if key not in sent]
    changed = {key for key, text in order if key is not None and text != current[key]}
    return TaskPlan(order=order, deleted=deleted, changed=changed, empty_rows=empty_rows)
