"""`@quick_init`: a frozen dataclass built in one step behaves exactly like one built field by field."""

from __future__ import annotations

import dataclasses
import inspect
import pickle
from dataclasses import InitVar, dataclass, field

import pytest

from sandbox.events import ExportDelivered, HttpCall
from sandbox.frozen import quick_init


@dataclass(frozen=True)
class Plain:
    name: str
    count: int = 0
    tags: tuple[str, ...] = ()


@quick_init
@dataclass(frozen=True)
class Quick:
    name: str
    count: int = 0
    tags: tuple[str, ...] = ()


@quick_init
@dataclass(frozen=True, slots=True)
class QuickSlotted:
    name: str
    count: int = 0
    tags: tuple[str, ...] = ()


def test_a_quick_record_has_the_same_signature_values_and_behaviour():
    assert str(inspect.signature(Quick)) == str(inspect.signature(Plain))
    built = [
        (Quick("a"), Plain("a")),
        (Quick("a", 2, ("x",)), Plain("a", 2, ("x",))),
        (Quick(name="b", tags=("y",)), Plain(name="b", tags=("y",))),
    ]
    for quick, plain in built:
        assert dataclasses.astuple(quick) == dataclasses.astuple(plain)
        assert repr(quick).removeprefix("Quick") == repr(plain).removeprefix("Plain")
    record = Quick("a", 1)
    assert record == Quick("a", 1) and hash(record) == hash(Quick("a", 1)) and record != Quick("b")
    assert dataclasses.replace(record, count=5) == Quick("a", 5)
    assert pickle.loads(pickle.dumps(record)) == record
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.count = 2  # type: ignore[misc]
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'name'"):
        Quick()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        Quick("a", colour="red")  # type: ignore[call-arg]


def test_a_slotted_quick_record_is_one_object_that_behaves_the_same():
    assert str(inspect.signature(QuickSlotted)) == str(inspect.signature(Plain))
    record = QuickSlotted("a", 2, ("x",))
    assert not hasattr(record, "__dict__")
    assert dataclasses.astuple(record) == dataclasses.astuple(Plain("a", 2, ("x",)))
    assert record == QuickSlotted("a", 2, ("x",)) and hash(record) == hash(
        QuickSlotted("a", 2, ("x",))
    )
    assert dataclasses.replace(record, count=5) == QuickSlotted("a", 5, ("x",))
    assert pickle.loads(pickle.dumps(record)) == record
    assert QuickSlotted(name="b").tags == ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.count = 2  # type: ignore[misc]
    with pytest.raises(TypeError, match="takes from 2 to 4 positional arguments but 5"):
        QuickSlotted("a", 1, (), "extra")  # type: ignore[call-arg]


def test_inherited_fields_come_first_as_in_the_dataclass():
    event = ExportDelivered(1.5, "dest", "export-1", 2)
    assert (event.at, event.destination_id, event.export_id, event.attempts) == (
        1.5,
        "dest",
        "export-1",
        2,
    )
    assert "error" in inspect.signature(HttpCall).parameters


def dataclass_half_slotted() -> type:
    @dataclass(frozen=True, slots=True)
    class Slotted:
        name: str

    @dataclass(frozen=True)
    class WithDict(Slotted):
        count: int

    return WithDict


def dataclass_not_frozen() -> type:
    @dataclass
    class Mutable:
        name: str

    return Mutable


def dataclass_with_factory() -> type:
    @dataclass(frozen=True)
    class Factory:
        names: list[str] = field(default_factory=list)

    return Factory


def dataclass_with_initvar() -> type:
    @dataclass(frozen=True)
    class Initvar:
        name: str
        seed: InitVar[int]

    return Initvar


def dataclass_with_a_reserved_name() -> type:
    @dataclass(frozen=True)
    class Reserved:
        _set: str

    return Reserved


def dataclass_with_post_init() -> type:
    @dataclass(frozen=True)
    class Post:
        name: str

        def __post_init__(self) -> None:
            pass

    return Post


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (dataclass_half_slotted, "some fields are slots and others go in its __dict__"),
        (dataclass_not_frozen, "not a frozen dataclass"),
        (dataclass_with_factory, "default factory"),
        (dataclass_with_initvar, "InitVar"),
        (dataclass_with_post_init, "__post_init__"),
        (dataclass_with_a_reserved_name, "would shadow"),
    ],
)
def test_classes_it_cannot_build_faithfully_are_refused_when_defined(make, reason):
    with pytest.raises(TypeError, match=reason):
        quick_init(make())


def test_a_slotted_record_sets_the_slots_its_base_declares():
    @dataclass(frozen=True, slots=True)
    class Base:
        at: float

    @quick_init
    @dataclass(frozen=True, slots=True)
    class Child(Base):
        name: str
        count: int = 0

    record = Child(1.5, "a")
    assert (record.at, record.name, record.count) == (1.5, "a", 0)
    assert record == Child(1.5, "a", 0) and not hasattr(record, "__dict__")
