"""Real cities per locale, each with its state or region, postal-code ranges and phone area codes.

Faker's addresses pair random towns with random postcodes; here a city always comes with a
postal code from its own range and, where mobile numbers carry one (US, Brazil), its area code.
Weights are rough populations (millions). Postal patterns: `#` any digit, `%` a digit 1-9,
`?` a letter of the locale's postal alphabet.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class City:
    name: str
    state: str
    postal: tuple[str, ...]
    weight: float
    area_codes: tuple[str, ...] = ()


def _numbered(prefix: str, first: int, last: int) -> tuple[str, ...]:
    """Explicit codes such as Paris's `75001`..`75020`."""
    return tuple(f"{prefix}{n:02d}" for n in range(first, last + 1))


_UK_INWARD = " #??"

CITIES: dict[str, tuple[City, ...]] = {
    "en_US": (
        City(
            "New York",
            "NY",
            ("100##", "101##", "102##", "103##", "104##"),
            8.3,
            ("212", "646", "917", "718", "347"),
        ),
        City("Los Angeles", "CA", ("900##", "901##"), 3.9, ("213", "323", "310", "818")),
        City("Chicago", "IL", ("606##",), 2.7, ("312", "773", "872")),
        City("Houston", "TX", ("770##",), 2.3, ("713", "281", "832")),
        City("Phoenix", "AZ", ("850##",), 1.6, ("602", "480", "623")),
        City("Philadelphia", "PA", ("191##",), 1.6, ("215", "267")),
        City("San Antonio", "TX", ("782##",), 1.5, ("210",)),
        City("San Diego", "CA", ("921##",), 1.4, ("619", "858")),
        City("Dallas", "TX", ("752##",), 1.3, ("214", "469", "972")),
        City("Austin", "TX", ("787##",), 1.0, ("512", "737")),
        City("San Francisco", "CA", ("941##",), 0.8, ("415", "628")),
        City("Seattle", "WA", ("981##",), 0.75, ("206",)),
        City("Denver", "CO", ("802##",), 0.7, ("303", "720")),
        City("Boston", "MA", ("021##",), 0.65, ("617", "857")),
        City("Atlanta", "GA", ("303##",), 0.5, ("404", "470", "678")),
        City("Miami", "FL", ("331##",), 0.45, ("305", "786")),
    ),
    "en_GB": (
        City(
            "London",
            "Greater London",
            tuple(p + _UK_INWARD for p in ("SW%", "SE%", "N%", "E%", "W%", "NW%")),
            9.0,
        ),
        City("Birmingham", "West Midlands", ("B%" + _UK_INWARD, "B%#" + _UK_INWARD), 1.1),
        City("Leeds", "West Yorkshire", ("LS%" + _UK_INWARD,), 0.8),
        City("Glasgow", "Scotland", ("G%" + _UK_INWARD, "G%#" + _UK_INWARD), 0.6),
        City("Manchester", "Greater Manchester", ("M%" + _UK_INWARD, "M%#" + _UK_INWARD), 0.55),
        City("Sheffield", "South Yorkshire", ("S%" + _UK_INWARD,), 0.55),
        City("Edinburgh", "Scotland", ("EH%" + _UK_INWARD,), 0.5),
        City("Liverpool", "Merseyside", ("L%" + _UK_INWARD, "L%#" + _UK_INWARD), 0.5),
        City("Bristol", "Bristol", ("BS%" + _UK_INWARD,), 0.47),
        City("Cardiff", "Wales", ("CF%#" + _UK_INWARD,), 0.36),
        City("Nottingham", "Nottinghamshire", ("NG%" + _UK_INWARD,), 0.32),
        City("Newcastle upon Tyne", "Tyne and Wear", ("NE%" + _UK_INWARD,), 0.3),
    ),
    "de_DE": (
        City("Berlin", "Berlin", ("10###", "12###", "13###"), 3.7),
        City("Hamburg", "Hamburg", ("20###", "22###"), 1.9),
        City("München", "Bayern", ("80###", "81###"), 1.5),
        City("Köln", "Nordrhein-Westfalen", ("50###", "51###"), 1.1),
        City("Frankfurt am Main", "Hessen", ("60###",), 0.77),
        City("Stuttgart", "Baden-Württemberg", ("70###",), 0.63),
        City("Düsseldorf", "Nordrhein-Westfalen", ("40###",), 0.62),
        City("Leipzig", "Sachsen", ("04###",), 0.6),
        City("Dortmund", "Nordrhein-Westfalen", ("44###",), 0.59),
        City("Essen", "Nordrhein-Westfalen", ("45###",), 0.58),
        City("Bremen", "Bremen", ("28###",), 0.57),
        City("Dresden", "Sachsen", ("01###",), 0.56),
        City("Hannover", "Niedersachsen", ("30###",), 0.54),
        City("Nürnberg", "Bayern", ("90###",), 0.52),
    ),
    "fr_FR": (
        City("Paris", "Île-de-France", _numbered("750", 1, 20), 2.1),
        City("Marseille", "Provence-Alpes-Côte d'Azur", _numbered("130", 1, 16), 0.87),
        City("Lyon", "Auvergne-Rhône-Alpes", _numbered("690", 1, 9), 0.52),
        City("Toulouse", "Occitanie", ("31000", "31100", "31200", "31300", "31400", "31500"), 0.5),
        City("Nice", "Provence-Alpes-Côte d'Azur", ("06000", "06100", "06200", "06300"), 0.34),
        City("Nantes", "Pays de la Loire", ("44000", "44100", "44200", "44300"), 0.32),
        City("Montpellier", "Occitanie", ("34000", "34070", "34080", "34090"), 0.3),
        City("Strasbourg", "Grand Est", ("67000", "67100", "67200"), 0.29),
        City("Bordeaux", "Nouvelle-Aquitaine", ("33000", "33100", "33200", "33300", "33800"), 0.26),
        City("Lille", "Hauts-de-France", ("59000", "59160", "59260", "59800"), 0.23),
    ),
    "es_ES": (
        City("Madrid", "Comunidad de Madrid", ("280##",), 3.3),
        City("Barcelona", "Cataluña", ("080##",), 1.6),
        City("Valencia", "Comunidad Valenciana", ("460##",), 0.8),
        City("Sevilla", "Andalucía", ("410##",), 0.68),
        City("Zaragoza", "Aragón", ("500##",), 0.67),
        City("Málaga", "Andalucía", ("290##",), 0.58),
        City("Murcia", "Región de Murcia", ("300##",), 0.46),
        City("Palma", "Illes Balears", ("070##",), 0.42),
        City("Las Palmas de Gran Canaria", "Canarias", ("350##",), 0.38),
        City("Bilbao", "País Vasco", ("480##",), 0.35),
    ),
    "it_IT": (
        City("Roma", "Lazio", ("001##",), 2.8),
        City("Milano", "Lombardia", ("201##",), 1.4),
        City("Napoli", "Campania", ("801##",), 0.92),
        City("Torino", "Piemonte", ("101##",), 0.85),
        City("Palermo", "Sicilia", ("901##",), 0.63),
        City("Genova", "Liguria", ("161##",), 0.56),
        City("Bologna", "Emilia-Romagna", ("401##",), 0.39),
        City("Firenze", "Toscana", ("501##",), 0.36),
        City("Bari", "Puglia", ("701##",), 0.32),
        City("Venezia", "Veneto", ("301##",), 0.25),
    ),
    "nl_NL": (
        City("Amsterdam", "Noord-Holland", ("10## ??",), 0.93),
        City("Rotterdam", "Zuid-Holland", ("30## ??",), 0.66),
        City("Den Haag", "Zuid-Holland", ("25## ??",), 0.56),
        City("Utrecht", "Utrecht", ("35## ??",), 0.37),
        City("Eindhoven", "Noord-Brabant", ("56## ??",), 0.24),
        City("Groningen", "Groningen", ("97## ??",), 0.24),
        City("Tilburg", "Noord-Brabant", ("50## ??",), 0.22),
        City("Almere", "Flevoland", ("13## ??",), 0.22),
        City("Breda", "Noord-Brabant", ("48## ??",), 0.19),
        City("Nijmegen", "Gelderland", ("65## ??",), 0.18),
    ),
    "pt_BR": (
        City("São Paulo", "SP", tuple(f"0{d}###-###" for d in "12345"), 12.3, ("11",)),
        City("Rio de Janeiro", "RJ", ("20###-###", "21###-###", "22###-###"), 6.7, ("21",)),
        City("Brasília", "DF", ("70###-###", "71###-###", "72###-###"), 3.0, ("61",)),
        City("Salvador", "BA", ("40###-###", "41###-###"), 2.9, ("71",)),
        City("Fortaleza", "CE", ("60###-###",), 2.7, ("85",)),
        City("Belo Horizonte", "MG", ("30###-###", "31###-###"), 2.5, ("31",)),
        City("Manaus", "AM", ("69###-###",), 2.2, ("92",)),
        City("Curitiba", "PR", ("80###-###", "81###-###", "82###-###"), 1.9, ("41",)),
        City("Recife", "PE", ("50###-###", "51###-###", "52###-###"), 1.6, ("81",)),
        City("Porto Alegre", "RS", ("90###-###", "91###-###"), 1.5, ("51",)),
    ),
    "ja_JP": (
        City("世田谷区", "東京都", ("154-####", "155-####", "156-####", "157-####"), 0.94),
        City("新宿区", "東京都", ("160-####", "161-####", "162-####", "169-####"), 0.35),
        City("港区", "東京都", ("105-####", "106-####", "107-####", "108-####"), 0.26),
        City("渋谷区", "東京都", ("150-####", "151-####"), 0.23),
        City("横浜市", "神奈川県", ("22#-####", "23#-####"), 3.7),
        City("大阪市", "大阪府", ("53#-####", "54#-####", "55#-####"), 2.7),
        City("名古屋市", "愛知県", ("45#-####", "46#-####"), 2.3),
        City("札幌市", "北海道", ("06#-####", "00%-####"), 1.9),
        City("福岡市", "福岡県", ("81#-####",), 1.6),
        City("神戸市", "兵庫県", ("65#-####",), 1.5),
        City("京都市", "京都府", ("60#-####",), 1.5),
    ),
    "en_AU": (
        City("Sydney", "NSW", ("20##", "21##"), 5.3),
        City("Melbourne", "VIC", ("30##", "31##"), 5.2),
        City("Brisbane", "QLD", ("40##", "41##"), 2.6),
        City("Perth", "WA", ("60##", "61##"), 2.2),
        City("Adelaide", "SA", ("50##", "51##"), 1.4),
        City("Gold Coast", "QLD", ("42##",), 0.7),
        City("Newcastle", "NSW", ("23##",), 0.5),
        City("Canberra", "ACT", ("26##",), 0.46),
        City("Hobart", "TAS", ("70##",), 0.25),
        City("Darwin", "NT", ("08##",), 0.15),
    ),
}
"""Cities per locale code."""
