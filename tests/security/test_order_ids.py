"""Finding 7: order ids never begin with a character a spreadsheet reads as a formula."""

from commerce.models import new_order_id
from partnercenter.csv_export import csv_text


def test_ten_thousand_order_ids_never_begin_with_a_formula_character():
    ids = [new_order_id() for _ in range(10_000)]

    assert not [order_id for order_id in ids if order_id[0] in "-+=@"]
    assert all(len(order_id) == 33 for order_id in ids)
    assert any("-" in order_id[1:] for order_id in ids)  # the alphabet is unchanged after the first character


def test_the_csv_guard_leaves_an_order_id_as_it_is_and_still_guards_free_text():
    order_id = new_order_id()

    assert csv_text(order_id) == order_id
    assert csv_text("-LQ=1+1") == "'-LQ=1+1"
