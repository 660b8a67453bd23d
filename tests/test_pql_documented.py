# ruff: noqa: E501  (the examples are kept verbatim, one per line)
"""Every example of Adobe's PQL pages (and its earlier PQL reference) compiles; the one whose
meaning the docs leave open is refused by name."""

from __future__ import annotations

import pytest

from sandbox.errors import InputError
from sandbox.segments import compile_pql

EXAMPLES = [
    "person.birthMonth in [3, 6, 9]",
    "person.birthMonth notIn [3, 6, 9]",
    'person.favoriteColors.intersects(["red", "blue", "green"])',
    'person1.favoriteColors.intersection(person2.favoriteColors) = ["red", "blue", "green"]',
    "person.favoriteCities.subsetOf(person.visitedCities)",
    'person.eatenFoods.supersetOf(["sushi", "pizza"])',
    'person.favoriteColors.includes("red")',
    "person.orders.storeId.distinct().count() > 1",
    "orders.groupBy(storeId)",
    "person.filter(age >= 21)",
    "numbers.map(square)",
    "orders.topN(price, 5)",
    "orders.bottomN(price, 5)",
    "orders.topN(price, 5).head()",
    "orders.count()",
    "orders.sum(order.price)",
    "orders.average(order.price)",
    "orders.min(order.price)",
    "orders.max(order.price)",
    "product1.price + product2.price",
    "product.inventory * product.price",
    "product1.price - product2.price",
    "totalProduct.price / totalProduct.sold",
    "person.age % 5 = 0",
    'homeAddress.countryISO = "CA" and person.birthYear = 1985',
    'homeAddress.countryISO = "CA" or person.birthYear = 1985',
    'not (homeAddress.countryISO = "CA")',
    'if (homeAddress.countryISO = "CA", 1, 2)',
    "person.birthMonth = currentMonth()",
    "person.birthdate.getMonth() = 6",
    "product.saleYear = currentYear()",
    "person.birthday.getYear() in [1991, 1992, 1993, 1994, 1995]",
    "person.birthDay = currentDayOfMonth()",
    "product.sale.getDayOfMonth() <= 15",
    "product.saleDate occurs last week",
    "product.saleDate occurs between date(2015, 1, 8) and date(2017, 7, 1)",
    "product.saleDate occurs = 3 hours before now",
    "person.birthday occurs = 3 days before today",
    'exists E from xEvent where (E.commerce.item.price > 50), I from E.productListItems where I.SKU = "PS"',
    'forall E from xEvent where (E.commerce.item.price > 50), I from E.productListItems where I.SKU = "PS"',
    'identityMap.get("example@example.com")',
    "identityMap.keys()",
    "identityMap.values()",
    'let S = (sum X.commerce.order.priceTotal over X from xEvent where X.commerce.order.currencyCode = "USD") in (S > 100 and S < 1000)',
    'person.name.startsWith("Joe")',
    'person.name.doesNotStartWith("Joe")',
    'person.emailAddress.endsWith(".com")',
    'person.emailAddress.contains("2010@gm")',
    'person.name.equals("John")',
    'person.name.notEqualTo("John")',
    'person.name.matches("(?i)^John")',
    'emailAddress.regexGroup("@(\\\\w+)", 1)',
    "person.name.isNull()",
    "person.name.isNotNull()",
    "select X from xEvent where X.timestamp occurs yesterday",
    "(select X from xEvent where X.productListItems.count() > 2).count() > 5",
    "X.timestamp occurs < 3 months before today",
    'homeAddress.stateProvinceISO = "CA" and (select X from xEvent where X.ts_flight occurs <= 1 month before today)',
    "select X from xEvent where X.timestamp occurs between date(currentYear() - 1, 10, 1) and date(currentYear() - 1, 12, 31)",
    'person.firstName like "John%"',
    'firstName matches "John"',
    'emailAddress like "%.edu" and homeAddress.stateProvinceISO="CA"',
    'select X from xEvent where X.type="FLIGHT" and X.destination in ["SJC","DAL"]',
    "select X from xEvent where X.timestamp.getYear() = currentYear()",
    "currentMonth() in [3, 4, 5]",
    "select X from xEvent where X.person",
    "workAddress.countryCode != homeAddress.countryCode",
    "person.birthYear - (person.birthMonth + person.birthDay)",
    "X.timestamp occurs > 3 weeks after date(2017,10,1)",
    "select X from xEvent where X.timestamp occurs between last month and last week",
]


@pytest.mark.parametrize("text", EXAMPLES)
def test_documented_examples_compile(text: str) -> None:
    compile_pql(text, source="<docs>")


def test_a_field_of_a_selection_compared_with_one_value_is_refused() -> None:
    with pytest.raises(InputError, match="per element"):
        compile_pql('(select X from xEvent where X.type = "FLIGHT").homeAddress.countryISO = "US"')
