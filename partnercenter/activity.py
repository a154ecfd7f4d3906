"""What the Activity log page lists: audit operations contributed by each app with a label for people.

Apps register from AppConfig.ready() the operation types worth showing a partner and how to word
one record; the page lists exactly those, so a new feature's actions appear without the page
knowing the feature.
"""

from collections.abc import Callable

Label = Callable[[object], str]
_labels: dict[str, Label] = {}


def register(operation_type: str, label: Label) -> None:
    _labels[operation_type] = label


def operation_types() -> tuple[str, ...]:
    return tuple(sorted(_labels))


def label_for(record) -> str:
    label = _labels.get(record.operation_type)
    return label(record) if label else record.operation_type
