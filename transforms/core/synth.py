"""A labelled synthetic corpus of republished news, for tuning and scoring the pipeline.

``generate(stories, seed)`` returns ``(documents, truth)``:

* documents: ``{id, url, outlet, title, published_at, lang, text}``, the shape ``provenance run`` reads.
* truth: ``{id, story, parent_id, root_id, root_outlet, kind, same_event, detail}``; ``kind`` is one of
  :data:`KINDS`. ``same_event`` is set on hard negatives only: the id of the original whose event they
  report (that original may be absent from the corpus). ``detail`` says how a copy was made
  (e.g. ``spin:0.40``), for analysis only.

How the corpus is made:

* Stories are written by a small generative grammar. Stories are grouped into topics (5-10 stories each)
  that share a place, organisations, a cast of officials and topic words, so same-topic stories share
  vocabulary without sharing sentences.
* Each story has an original on a wire or newspaper outlet (sometimes with a dateline such as
  ``WASHINGTON (AP) —``) and 2-6 derived copies. Each copy derives from the original or from an earlier
  copy (so chains are sometimes deeper than one) by one operation: ``copy`` (site chrome around the
  article), ``excerpt``, ``rewrite`` (paragraphs dropped or reordered), ``spin`` (synonym replacement),
  ``mt`` (a machine-translation round trip), ``ocr`` (character noise) or ``translation`` (a word map
  into a pseudo-language that keeps names and numbers). Scraper sites add their own chrome to most
  copies, as real scraped pages do.
* For some stories the original is not in the corpus: its copies have no parent, and only the outlet
  of the original (``root_outlet``) is known.
* With ``partial_rate`` > 0 (off by default, so that a seed's corpus does not change), that share of
  stories also gets a ``partial`` document: a newspaper's own story of the event that uses part of the
  original's paragraphs (30-70 %, lightly edited, in order) woven between its own reporting (its own
  lede and quotes sometimes, the same people), as newspapers use agency copy. It is drawn from its own
  random stream after the rest of the corpus, so the rest is the same document for document.
* Hard negatives are stories of the same event written afresh: same people, numbers, place and one or
  two quotes verbatim, different wording and outlet. Each is its own story.

Everything is a pure function of the arguments; randomness comes from ``random.Random(seed)`` only,
and the pseudo-language word maps from a hash of the word (stable across processes).
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone

KINDS = ("original", "copy", "excerpt", "rewrite", "spin", "mt", "ocr", "translation", "partial", "negative")
DERIVED_KINDS = ("copy", "excerpt", "rewrite", "spin", "mt", "ocr", "translation", "partial")

# How often each operation is drawn for a derived copy.
KIND_WEIGHTS = {
    "copy": 0.24,
    "excerpt": 0.15,
    "rewrite": 0.12,
    "spin": 0.2,
    "mt": 0.1,
    "ocr": 0.08,
    "translation": 0.11,
}


# ---------------------------------------------------------------------------------------------------
# Outlets
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outlet:
    """A publisher: ``name`` as printed on the page, ``canonical`` as the truth names it."""

    name: str
    canonical: str
    domain: str
    kind: str  # wire | paper | aggregator | scraper | regional | foreign
    short: str = ""  # dateline tag, e.g. "AP"
    tz_hours: float = 0.0
    lang: str = "en"


ORIGIN_OUTLETS = (
    Outlet("Associated Press", "Associated Press", "apnews.com", "wire", "AP", -5),
    Outlet("Reuters", "Reuters", "reuters.com", "wire", "Reuters", 0),
    Outlet("AFP", "Agence France-Presse", "afp.com", "wire", "AFP", 1),
    Outlet("Axios", "Axios", "axios.com", "paper", "", -5),
    Outlet("Bloomberg", "Bloomberg", "bloomberg.com", "wire", "Bloomberg", -5),
    Outlet("Los Angeles Times", "Los Angeles Times", "latimes.com", "paper", "", -8),
    Outlet("The Washington Post", "The Washington Post", "washingtonpost.com", "paper", "", -5),
    Outlet("NPR", "NPR", "npr.org", "paper", "", -5),
    Outlet("The Guardian", "The Guardian", "theguardian.com", "paper", "", 0),
    Outlet("CNBC", "CNBC", "cnbc.com", "paper", "", -5),
)
ORIGIN_WEIGHTS = (0.24, 0.2, 0.12, 0.08, 0.08, 0.08, 0.06, 0.05, 0.05, 0.04)

# How a copy may name the original's outlet in an attribution line (canonical name first).
OUTLET_ALIASES = {
    "Associated Press": ("the Associated Press", "The Associated Press", "AP", "AP News"),
    "Reuters": ("Reuters", "Thomson Reuters", "Reuters.com"),
    "Agence France-Presse": ("AFP", "Agence France-Presse", "AFP news agency"),
    "Axios": ("Axios", "Axios Media"),
    "Bloomberg": ("Bloomberg", "Bloomberg News"),
    "Los Angeles Times": ("Los Angeles Times", "the LA Times", "latimes.com"),
    "The Washington Post": ("The Washington Post", "the Post", "washingtonpost.com"),
    "NPR": ("NPR", "National Public Radio"),
    "The Guardian": ("The Guardian", "theguardian.com"),
    "CNBC": ("CNBC", "cnbc.com"),
}

_SITE_A = (
    "Daily Metro Prime Global Smart Rapid True Open Urban Clear First Bright Core Next Blue Red Swift".split()
)
_SITE_B = (
    "Wire Pulse Digest Feed Brief Hub Report Ledger Post Signal Times Journal Dispatch Beacon Echo".split()
)
_SITE_C = ("", "", "", "Now", "Today", "24", "Online", "Live", "Daily")
_PAPER_NOUN = "Courier Gazette Tribune Ledger Herald Sentinel Observer Chronicle Register Examiner".split()
_FOREIGN_A = "Nova Vesti Zora Kuria Ostra Lumen Teva Sarno Miko Dalen".split()
_FOREIGN_B = "Zhurnal Tidni Posta Kronika Vremo Glasa Novek Listra".split()


def _make_derived_outlets(rng: random.Random, towns: list[str]) -> list[Outlet]:
    """Made-up aggregators, scrapers, regional papers and foreign-language sites (fixed per seed)."""
    outlets: list[Outlet] = []
    seen: set[str] = set()
    tzs = (-8, -7, -6, -5, -4, 0, 1, 2, 3, 5.5, 8, 10)
    while len(outlets) < 60:
        kind = rng.choice(("aggregator", "scraper", "scraper", "regional"))
        if kind == "regional":
            name = f"The {rng.choice(towns)} {rng.choice(_PAPER_NOUN)}"
        else:
            name = f"{rng.choice(_SITE_A)}{rng.choice(('', ' '))}{rng.choice(_SITE_B)}{rng.choice(_SITE_C)}".strip()
        if name in seen:
            continue
        seen.add(name)
        domain = re.sub(r"[^a-z0-9]", "", name.lower().removeprefix("the ")) + rng.choice(
            (".com", ".net", ".news", ".co", ".org")
        )
        outlets.append(Outlet(name, name, domain, kind, "", rng.choice(tzs)))
    for lang in LANGS:
        for _ in range(4):
            name = f"{rng.choice(_FOREIGN_A)} {rng.choice(_FOREIGN_B)}"
            if name in seen:
                continue
            seen.add(name)
            domain = name.lower().replace(" ", "") + "." + lang[1:]
            outlets.append(Outlet(name, name, domain, "foreign", "", rng.choice((1, 2, 3)), lang))
    return outlets


# ---------------------------------------------------------------------------------------------------
# Vocabulary: names, places, topics
# ---------------------------------------------------------------------------------------------------

_FIRST_A = (
    "Al Ber Car Da El Fa Gre Ha I Jo Ka Le Ma Ni O Pa Ra Sa Ta Va Wi Ya Zo Bri Chris De Ev Lu Mi Ro "
    "An Cel Dor Fio Gil Hen Ju Kir Lor Mar Nel Per Rei Sil Tor"
).split()
_FIRST_B = (
    "na ra nie la son bert ric len ma ta da vin ley ton ria sha mon dra nor lia en is o an eth ina".split()
)
_SUR_A = (
    "Ash Bel Cal Dun Fair Gar Hol Kel Lang Mor Nor Pem Quin Rad Stan Thorn Wal Har Brook Mar Ost Vel "
    "Cor Bram Fen Hal Lock Mer Sut Whit Ab Del Gut Ito Kow Ma Ok Pr Ruiz Tan"
).split()
_SUR_M = ("", "", "er", "in", "o", "ing", "ar", "el", "a")
_SUR_B = (
    "ton ley wood field son man ford by well worth stein ez ski ova ini berg ham more ridge ston "
    "ada uri etti enko ovic"
).split()

_TOWN_A = "Ash Birch Cedar Elm Fair Glen Green Hazel Iron Lake Maple Mill Oak Pine Red River Rock Silver Stone Willow".split()
_TOWN_B = "brook field ford haven dale port ville wood ton mouth bury crest ridge view".split()

# Real dateline cities: a name and whether the dateline names its state/country (kept short).
DATELINE_CITIES = (
    "WASHINGTON",
    "NEW YORK",
    "LONDON",
    "PARIS",
    "BRUSSELS",
    "BERLIN",
    "TOKYO",
    "CHICAGO",
    "HOUSTON",
    "SACRAMENTO",
    "DENVER",
    "ATLANTA",
    "MIAMI",
    "BOSTON",
    "SEATTLE",
    "PHOENIX",
    "GENEVA",
    "NAIROBI",
    "MEXICO CITY",
    "SAO PAULO",
    "SYDNEY",
    "TORONTO",
    "OTTAWA",
    "MADRID",
    "ROME",
    "SEOUL",
    "MUMBAI",
    "JOHANNESBURG",
    "AUSTIN",
    "LOS ANGELES",
    "DETROIT",
    "PHILADELPHIA",
    "MINNEAPOLIS",
    "NASHVILLE",
)

# Topic themes. Each list is space- or comma-separated; verbs are "base/past".
THEMES: dict[str, dict[str, list[str]]] = {}


def _theme(name: str, **parts: str) -> None:
    THEMES[name] = {k: [w.strip() for w in v.split(",")] for k, v in parts.items()}


_theme(
    "elections",
    nouns="ballot measure, recount, voter roll, polling site, primary contest, redistricting plan, turnout "
    "drive, campaign finance rule, mail ballot deadline, runoff, certification vote, election audit",
    plurals="ballots, voters, precincts, candidates, poll workers, absentee ballots, campaign donors, districts",
    verbs="certify/certified, challenge/challenged, delay/delayed, count/counted, audit/audited, "
    "extend/extended, overturn/overturned, contest/contested",
    roles="election commissioner, county clerk, campaign manager, state senator, secretary of state, "
    "elections director, party chair",
    orgs="Board of Elections, Election Commission, Voter Protection Coalition, Democratic Caucus, Republican "
    "Committee, Ballot Integrity Project",
    units="ballots, votes, precincts, percent of registered voters, polling sites",
    adjs="contested, narrow, disputed, bipartisan, partisan, early, provisional",
)
_theme(
    "transit",
    nouns="fare increase, rail extension, bus network redesign, subway closure, bridge repair, "
    "commuter rail contract, signal upgrade, congestion charge, service cut, transit budget",
    plurals="riders, commuters, bus drivers, rail cars, stations, routes, ridership figures, fares",
    verbs="approve/approved, postpone/postponed, expand/expanded, suspend/suspended, fund/funded, "
    "reroute/rerouted, restore/restored, review/reviewed",
    roles="transit authority chief, council member, rider advocate, union steward, transportation secretary, "
    "project engineer",
    orgs="Metropolitan Transit Authority, Regional Rail Board, Department of Transportation, Riders Alliance, "
    "Transit Workers Union, Port Authority",
    units="riders, stations, miles of track, buses, percent",
    adjs="delayed, costly, long-awaited, overcrowded, aging, proposed",
)
_theme(
    "health",
    nouns="vaccine rollout, hospital merger, measles outbreak, drug pricing rule, nurse staffing law, "
    "clinic closure, overdose response, insurance mandate, trial result, emergency room backlog",
    plurals="patients, nurses, hospitals, doses, clinics, cases, infections, health workers",
    verbs="report/reported, confirm/confirmed, investigate/investigated, approve/approved, warn/warned, "
    "expand/expanded, recall/recalled, track/tracked",
    roles="health commissioner, chief medical officer, epidemiologist, hospital administrator, nurse, "
    "public health director",
    orgs="Department of Health, Centers for Disease Control, Hospital Association, Nurses Union, Food and "
    "Drug Administration, Medical Center",
    units="cases, patients, doses, hospital beds, percent",
    adjs="preventable, rising, confirmed, severe, experimental, uninsured",
)
_theme(
    "storm",
    nouns="hurricane warning, flood watch, evacuation order, power outage, levee breach, storm surge, "
    "wildfire perimeter, tornado damage, heat advisory, drought emergency",
    plurals="residents, homes, shelters, utility crews, firefighters, roads, households, evacuees",
    verbs="evacuate/evacuated, restore/restored, flood/flooded, damage/damaged, close/closed, reopen/reopened, "
    "warn/warned, rescue/rescued",
    roles="emergency manager, fire chief, meteorologist, mayor, utility spokesperson, sheriff",
    orgs="National Weather Service, Office of Emergency Management, Fire Department, Power and Light, "
    "Red Cross chapter, Coast Guard station",
    units="homes, customers without power, inches of rain, acres, residents",
    adjs="severe, powerful, slow-moving, deadly, widespread, unprecedented",
)
_theme(
    "courts",
    nouns="appeals ruling, plea agreement, class action, jury verdict, sentencing hearing, injunction, "
    "civil rights lawsuit, indictment, settlement offer, bail decision",
    plurals="jurors, prosecutors, defendants, plaintiffs, judges, attorneys, witnesses, charges",
    verbs="dismiss/dismissed, uphold/upheld, block/blocked, file/filed, appeal/appealed, settle/settled, "
    "sentence/sentenced, charge/charged",
    roles="district attorney, federal judge, defense lawyer, attorney general, public defender, "
    "legal scholar",
    orgs="Court of Appeals, Justice Department, Civil Liberties Union, District Court, Bar Association, "
    "Public Defender's Office",
    units="counts, years in prison, plaintiffs, million dollars in damages, pages",
    adjs="landmark, sweeping, unanimous, sealed, disputed, preliminary",
)
_theme(
    "energy",
    nouns="pipeline permit, solar farm, offshore wind lease, gas price cap, grid upgrade, coal plant "
    "closure, drilling ban, battery factory, rate hike, emissions target",
    plurals="turbines, ratepayers, drilling permits, power plants, megawatts, utilities, gas stations, "
    "transmission lines",
    verbs="approve/approved, cancel/cancelled, build/built, raise/raised, cut/cut, lease/leased, "
    "phase/phased, delay/delayed",
    roles="energy minister, utility executive, climate negotiator, grid operator, environmental lawyer, "
    "state regulator",
    orgs="Public Utilities Commission, Energy Department, Clean Power Coalition, Grid Operator, Petroleum "
    "Institute, Environmental Defense Fund",
    units="megawatts, barrels a day, households, percent, tons of carbon",
    adjs="renewable, controversial, long-delayed, federal, offshore, ambitious",
)
_theme(
    "tech",
    nouns="data breach, antitrust probe, chip plant, privacy law, app store rule, layoff plan, "
    "artificial intelligence policy, content moderation rule, software outage, merger review",
    plurals="users, engineers, regulators, accounts, chips, apps, employees, servers",
    verbs="launch/launched, acquire/acquired, fine/fined, hack/hacked, probe/probed, lay/laid, "
    "restrict/restricted, disclose/disclosed",
    roles="chief executive, privacy regulator, software engineer, industry analyst, competition commissioner, "
    "security researcher",
    orgs="Federal Trade Commission, Data Protection Authority, Semiconductor Association, Digital Rights "
    "Group, Software Alliance, Communications Commission",
    units="users, accounts, employees, million dollars, percent",
    adjs="massive, unauthorised, proposed, global, encrypted, automated",
)
_theme(
    "economy",
    nouns="interest rate decision, jobs report, inflation reading, trade deal, tariff increase, budget "
    "deficit, minimum wage hike, housing slump, stimulus package, bond sale",
    plurals="economists, investors, workers, employers, shoppers, exporters, lenders, markets",
    verbs="raise/raised, hold/held, cut/cut, forecast/forecast, slow/slowed, rebound/rebounded, "
    "impose/imposed, revise/revised",
    roles="central bank governor, finance minister, chief economist, trade representative, labor secretary, "
    "market strategist",
    orgs="Central Bank, Finance Ministry, Chamber of Commerce, Bureau of Labor Statistics, Trade Council, "
    "Monetary Fund",
    units="percent, billion dollars, jobs, basis points, million workers",
    adjs="sluggish, steady, unexpected, quarterly, annual, record",
)
_theme(
    "education",
    nouns="school budget, teacher strike, tuition freeze, test score decline, curriculum change, "
    "campus protest, student loan plan, school closure, enrollment drop, charter expansion",
    plurals="students, teachers, parents, schools, classrooms, universities, graduates, districts",
    verbs="close/closed, reopen/reopened, strike/struck, cut/cut, freeze/froze, enroll/enrolled, "
    "protest/protested, negotiate/negotiated",
    roles="schools superintendent, union president, university chancellor, school board member, "
    "education secretary, parent organiser",
    orgs="Board of Education, Teachers Federation, State University, Department of Education, Parent "
    "Teacher Association, Student Union",
    units="students, teachers, schools, million dollars, percent",
    adjs="overcrowded, underfunded, public, statewide, contentious, tentative",
)
_theme(
    "housing",
    nouns="rent control measure, eviction moratorium, zoning change, homeless encampment sweep, "
    "affordable housing bond, building collapse, mortgage relief plan, tenant protection law",
    plurals="tenants, landlords, renters, developers, apartments, shelters, homeowners, units",
    verbs="evict/evicted, build/built, rezone/rezoned, clear/cleared, inspect/inspected, fund/funded, "
    "cap/capped, protect/protected",
    roles="housing director, tenant organiser, city planner, developer, housing advocate, building inspector",
    orgs="Housing Authority, Planning Commission, Tenants Union, Apartment Association, Homeless Services "
    "Agency, Building Department",
    units="units, tenants, apartments, million dollars, percent",
    adjs="affordable, vacant, unsafe, temporary, rent-stabilised, luxury",
)
_theme(
    "defense",
    nouns="arms package, border deployment, military exercise, drone strike, ceasefire proposal, "
    "troop withdrawal, naval patrol, defense budget, sanctions regime, peace talks",
    plurals="troops, soldiers, warships, drones, diplomats, civilians, refugees, missiles",
    verbs="deploy/deployed, withdraw/withdrew, strike/struck, negotiate/negotiated, sanction/sanctioned, "
    "intercept/intercepted, condemn/condemned, patrol/patrolled",
    roles="defense minister, foreign minister, military spokesperson, envoy, general, security analyst",
    orgs="Defense Ministry, Foreign Office, Joint Chiefs, Security Council, Armed Forces, Border Guard",
    units="troops, civilians, missiles, refugees, billion dollars",
    adjs="fragile, unilateral, coordinated, cross-border, heavy, limited",
)
_theme(
    "sports",
    nouns="stadium deal, doping ban, championship run, coaching change, transfer fee, ticket price "
    "dispute, league suspension, broadcast contract, injury report, playoff berth",
    plurals="fans, players, coaches, tickets, teams, referees, athletes, clubs",
    verbs="sign/signed, suspend/suspended, fire/fired, win/won, lose/lost, trade/traded, ban/banned, "
    "host/hosted",
    roles="head coach, team owner, league commissioner, team captain, sports agent, club president",
    orgs="Football Club, Athletic Association, Players Union, Olympic Committee, Sports Authority, "
    "Basketball League",
    units="points, games, million dollars, fans, seasons",
    adjs="stunning, record-breaking, disappointing, long-term, controversial, veteran",
)

# General vocabulary shared by all topics.
_TIMES = (
    "on Monday, on Tuesday, on Wednesday, on Thursday, on Friday, on Saturday, on Sunday, late Monday, "
    "late Tuesday, early Thursday, earlier this week, last week, over the weekend, on Friday evening, "
    "this month, last month"
).split(", ")
_MONTHS = "January February March April May June July August September October November December".split()
_ADVS = (
    "sharply, quietly, repeatedly, publicly, narrowly, abruptly, formally, largely, swiftly, openly".split(
        ", "
    )
)
_GEN_ADJS = (
    "new, latest, major, key, local, regional, national, final, initial, broad, significant, "
    "growing, fresh, recent, long-running"
).split(", ")
_GEN_NOUNS = (
    "plan, proposal, decision, measure, report, review, agreement, investigation, program, policy, "
    "effort, deal, dispute, process, schedule"
).split(", ")
_CONCERNS = (
    "cost, safety, transparency, delays, fairness, oversight, funding, public trust, accountability, "
    "the timeline, the legal basis, the impact on families"
).split(", ")
_SOURCES = (
    "officials said, a spokesperson said, according to a statement, according to figures released "
    "by the agency, according to court records, according to a person familiar with the matter, "
    "according to a memo seen by reporters, people briefed on the talks said"
).split(", ")


# ---------------------------------------------------------------------------------------------------
# Story facts
# ---------------------------------------------------------------------------------------------------


@dataclass
class Person:
    first: str
    last: str
    role: str
    org: str

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"


@dataclass
class Topic:
    theme: str
    place: str  # dateline city, upper case
    city: str  # the same in title case
    towns: list[str]
    orgs: list[str]
    cast: list[Person]


@dataclass
class Facts:
    """What a story reports: shared verbatim by the original and its hard negatives."""

    topic: Topic
    people: list[Person]
    numbers: list[str]  # "1,240 riders", "3.5 percent"
    quotes: list[tuple[int, str]]  # (index into people, quoted text)
    event: str  # "the fare increase"
    verb: tuple[str, str]
    org: str
    town: str
    when: str
    month: str


def _pick_names(rng: random.Random, used: set[str]) -> tuple[str, str]:
    while True:
        first = rng.choice(_FIRST_A) + rng.choice(_FIRST_B)
        last = rng.choice(_SUR_A) + rng.choice(_SUR_M) + rng.choice(_SUR_B)
        if f"{first} {last}" not in used:
            used.add(f"{first} {last}")
            return first, last


def _town(rng: random.Random) -> str:
    return rng.choice(_TOWN_A) + rng.choice(_TOWN_B)


def _org_name(rng: random.Random, theme: dict, city: str) -> str:
    core = rng.choice(theme["orgs"])
    form = rng.random()
    if form < 0.4:
        return f"{city} {core}"
    if form < 0.6:
        return f"State {core}"
    return core if core.split()[0] in ("Metropolitan", "National", "Federal") else f"the {core}"


def _make_topic(rng: random.Random, used: set[str]) -> Topic:
    theme_name = rng.choice(sorted(THEMES))
    theme = THEMES[theme_name]
    place = rng.choice(DATELINE_CITIES)
    city = place.title()
    towns = [_town(rng) for _ in range(4)]
    orgs = list(dict.fromkeys(_org_name(rng, theme, city) for _ in range(4)))
    cast = []
    for _ in range(rng.randint(5, 8)):
        first, last = _pick_names(rng, used)
        cast.append(Person(first, last, rng.choice(theme["roles"]), rng.choice(orgs)))
    return Topic(theme_name, place, city, towns, orgs, cast)


def _number(rng: random.Random, unit: str) -> str:
    r = rng.random()
    if "percent" in unit or unit == "basis points":
        value = f"{rng.randint(2, 89)}.{rng.randint(1, 9)}" if r < 0.6 else str(rng.randint(2, 95))
    elif "dollars" in unit:
        value = f"{rng.randint(2, 950)}.{rng.randint(1, 9)}" if r < 0.5 else str(rng.randint(3, 900))
    elif r < 0.55:
        value = f"{rng.randint(1, 99)},{rng.randint(0, 999):03d}"
    else:
        value = str(rng.randint(12, 990))
    return f"{value} {unit}"


def _make_facts(rng: random.Random, topic: Topic, used: set[str]) -> Facts:
    theme = THEMES[topic.theme]
    people = rng.sample(topic.cast, k=min(len(topic.cast), rng.randint(2, 3)))
    # Each story also quotes someone new, so stories of a topic do not share all their people.
    first, last = _pick_names(rng, used)
    people.append(Person(first, last, rng.choice(theme["roles"]), rng.choice(topic.orgs)))
    numbers = list(dict.fromkeys(_number(rng, rng.choice(theme["units"])) for _ in range(rng.randint(3, 6))))
    quotes = [(i % len(people), _quote_text(rng, theme)) for i in range(rng.randint(2, 4))]
    verb = rng.choice(theme["verbs"]).split("/")
    return Facts(
        topic=topic,
        people=people,
        numbers=numbers,
        quotes=quotes,
        event=f"the {rng.choice(theme['nouns'])}",
        verb=(verb[0], verb[1]),
        org=rng.choice(topic.orgs),
        town=rng.choice(topic.towns),
        when=rng.choice(_TIMES),
        month=rng.choice(_MONTHS),
    )


# ---------------------------------------------------------------------------------------------------
# The grammar
# ---------------------------------------------------------------------------------------------------

_QUOTE_PATTERNS = (
    "We are {adv} {qadj} about {the_noun}, and we will keep pushing until {plural} get {qthing}",
    "This is not about politics. It is about {plural} who deserve {qthing}",
    "Nobody should have to wait this long for {qthing}",
    "We did not expect {the_noun} to move this quickly, but here we are",
    "I think people are tired of promises. They want to see {qthing}",
    "Our job is to make sure {plural} are not left behind",
    "There is still a lot of work to do before {the_noun} is finished",
    "It is a {qadj} day for {plural} in {town}",
    "We have asked for {qthing} for years, and we are still asking",
    "The numbers speak for themselves",
    "This decision will affect {plural} for a generation",
    "We will look at every option, including going back to court",
    "Frankly, the process has been a mess from the start",
    "I understand the frustration, and I share it",
    "We cannot afford another year like this one",
    "Anyone who tells you this is simple is not being honest",
    "We are ready to {vbase} {the_noun} as soon as the money arrives",
    "What happened in {town} should never happen again",
)
_QADJS = "encouraged, worried, hopeful, concerned, optimistic, cautious, angry, disappointed".split(", ")
_QTHINGS = (
    "clear answers, a fair deal, real relief, basic safety, a seat at the table, straight answers, "
    "some certainty, the resources they were promised"
).split(", ")

_LEADS = (
    "{Org} {vpast} {event} {when}, {lead_tail}.",
    "Officials in {city} {vpast} {event} {when} after {reason}, a move that {effect}.",
    "{Org} said {when} it had {vpast} {event}, {lead_tail}.",
    "A {adj} [dispute|standoff|row|fight] over {event} in {city} [deepened|escalated|intensified] {when} as {plural} {react}.",
    "{Person_intro} {when} {vpast} {event}, {lead_tail}.",
    "Leaders in {city} [moved|voted|acted] {when} to {vbase} {event}, {lead_tail}.",
    "{Plural} in {town} were [bracing|preparing] for {event} {when} after {org} {vpast} {a_gen_noun}.",
    "[After months of|Following weeks of|Amid] {adj} [debate|negotiation|wrangling], {org} {vpast} {event} {when}.",
    "The future of {event} was thrown into doubt {when} when {org} [abruptly|unexpectedly] {vpast} {a_gen_noun}.",
)
_LEAD_TAILS = (
    "ending months of uncertainty for {plural}",
    "a decision expected to affect {num}",
    "setting up a [fight|clash|showdown] with {org}",
    "drawing {adj} criticism from {plural}",
    "despite objections from {plural} and {org}",
    "the latest round in a [long|bitter|drawn-out] dispute over {concern}",
    "a step that could [cost|involve|reach] {num}",
    "capping a {adj} week for the {city} area",
    "[officials|organisers|administrators] said in a [brief|written|short] statement",
    "reversing a position it took in {month}",
)
_REASONS = (
    "weeks of pressure from {plural}",
    "a review found problems with {concern}",
    "a closed-door meeting with {org}",
    "{num} were [affected|reported|counted]",
    "a court ordered a {adj} {gen_noun}",
    "[complaints|petitions|letters] from {plural} piled up",
)
_EFFECTS = (
    "critics called [premature|rushed|short-sighted]",
    "surprised many {plural}",
    "could reshape {event} for years",
    "{org} had [opposed|resisted|fought]",
    "is likely to face a legal challenge",
    "[few|not many] {plural} saw coming",
)
_REACTS = (
    "packed a public hearing",
    "demanded answers",
    "rallied outside city hall",
    "filed formal complaints",
    "questioned the {concern}",
    "[flooded|jammed] phone lines at the {org_plain}",
)
_BODY = (
    "The {gen_noun} comes as {org} faces {adj} pressure over {concern}.",
    "{Num_cap} {were} affected, according to {doc}.",
    "Critics have argued that {event} would hurt {plural} and do little to address {concern}.",
    "It was not immediately clear whether {org} would {vbase} {event} before {month}.",
    "{Person} did not respond to a request for comment {when}.",
    "The {adj} {gen_noun} is expected to take effect in {month}, {source}.",
    "Supporters say the change is overdue, pointing to {num} in the past year alone.",
    "{Org} has {adv} defended its handling of {event}, saying it followed every required step.",
    "In {town}, {plural} said they had learned about {event} only from [news reports|social media|a neighbour].",
    "The figures released {when} showed {num}, [up|down] from a year earlier.",
    "Some {plural} said they feared the {gen_noun} would be reversed after the next election.",
    "A hearing on {event} is scheduled for {month}.",
    "{Person} said the [agency|office|department] had received {num} since the start of the year.",
    "The {gen_noun} still needs approval from {org}, which meets again in {month}.",
    "Several {plural} [told reporters|said] they planned to challenge the {gen_noun}.",
    "{Org} estimated the total cost at {num}.",
    "Questions about {concern} have dogged {event} since it was first announced.",
    "The debate has split {plural}, with some urging a {adj} approach and others calling for delay.",
    "Records obtained by reporters show that {org} was warned about {concern} as early as {month}.",
    "Analysts said the outcome could shape similar efforts in other cities.",
    "{Person}, who has {adv} criticised {event}, called for an independent review.",
    "The {gen_noun} was first proposed two years ago but stalled amid disputes over {concern}.",
    "About {num} are expected to be affected in the first phase, {source}.",
    "Residents of {town} have waited for {a_gen_noun} for years.",
    "{Org} said it would publish a full {gen_noun} by the end of {month}.",
    "The move drew a {adj} response from {org}, which called it {qadj_plain}.",
    "There were {num} in the region last year, {source}.",
    "Lawmakers are expected to take up {event} when they return in {month}.",
    "Opponents have until {month} to file objections.",
    "The agency has not said how it will pay for {event}.",
    "[Back in|As recently as|Since] {month}, {org_plain} had [insisted|maintained|argued] that {concern} was not a problem.",
    "A [spokeswoman|spokesman|press officer] for {org_plain} [declined to comment|would not comment|referred questions] on [the timing|the details|specific figures].",
    "Neighbouring {town} [tried|attempted|considered] a [similar|comparable|smaller] {gen_noun} in {month}, with [mixed|limited|modest] results.",
    "[Turnout|Attendance|Participation] at the [meeting|session|forum] was [unusually|remarkably|relatively] [high|low|thin], {person} noted.",
    "The [vote|tally|count] was [close|lopsided|split], with {num} recorded in favour.",
    "[Documents|Emails|Minutes] reviewed by reporters suggest the {gen_noun} was [drafted|rewritten|revised] [in a hurry|several times|behind closed doors].",
    "{Person} [pointed out|noted|stressed] that {event} had been [promised|planned|discussed] for [a decade|years|two election cycles].",
    "For {plural} in {town}, the [stakes|consequences|effects] are [immediate|personal|practical].",
    "[State|Federal|County] [auditors|inspectors|investigators] are [expected|due|scheduled] to [examine|review|look into] {concern} [later this year|next spring|by {month}].",
    "The [last|previous|prior] attempt to {vbase} {event} [collapsed|fell apart|ended] in {month} [over|amid] {concern}.",
    "[Polls|Surveys] [show|suggest|indicate] that {plural} are [divided|torn|split] on {event}.",
    "[Local|Regional] [business owners|shopkeepers|employers] [say|argue|complain] that {concern} has been [ignored|overlooked|sidelined].",
    "The {org_plain} [maintains|keeps|publishes] a [public|online|searchable] [tracker|dashboard|database] of {plural}.",
    "[Experts|Researchers|Advocates] [warn|caution|argue] that {num} may [understate|overstate|misrepresent] the [problem|scale|picture].",
)
_QUOTE_PARAS = (
    '"{quote}," {speaker_intro} said.',
    '"{quote}," said {speaker_intro}.',
    '"{quote}," {speaker_intro} told reporters {when}.',
    '{speaker_intro} said {when} that the {gen_noun} was "{quote_lower}."',
    '"{quote}," {speaker_intro} said in a statement. "{quote2}."',
    '{speaker_intro} told reporters: "{quote}."',
    '"{quote}," {speaker_intro} [said in an interview|said at a news conference|wrote on social media].',
    '[Asked|Pressed] about {event}, {speaker_intro} [said|replied]: "{quote}."',
)
_CLOSERS = (
    "{Org} is expected to issue a decision by {month}.",
    "The next hearing is set for {month}.",
    "{Person} said the fight over {event} was far from over.",
    "It was not clear when {plural} would learn more.",
    "{Org} said it would release more details in the coming weeks.",
    "[A final vote|A ruling|The next step] [is expected|could come|may arrive] [in {month}|before the end of the year|within weeks].",
)


class _Writer:
    """Fills templates from a story's facts; keeps track of who has been introduced."""

    def __init__(self, rng: random.Random, facts: Facts):
        self.rng = rng
        self.f = facts
        self.theme = THEMES[facts.topic.theme]
        self.introduced: set[str] = set()

    def mention(self, p: Person, intro: bool = True) -> str:
        if p.full in self.introduced:
            return p.last
        self.introduced.add(p.full)
        if not intro:
            return p.full
        org = p.org.removeprefix("the ")
        return self.rng.choice(
            (
                f"{p.full}, {_article(p.role)} {p.role} with the {org},",
                f"{p.role.capitalize()} {p.full}",
                f"{p.full}, the {org}'s {p.role},",
            )
        )

    def slot(self, name: str) -> str:
        r, f, th = self.rng, self.f, self.theme
        cap = name[0].isupper()
        key = name.lower()
        if key == "org":
            value = r.choice([f.org] * 3 + f.topic.orgs)
        elif key == "org_plain":
            value = r.choice([f.org] * 3 + f.topic.orgs).removeprefix("the ")
        elif key == "event":
            value = f.event
        elif key == "when":
            value = f.when if r.random() < 0.6 else r.choice(_TIMES)
        elif key == "city":
            value = f.topic.city
        elif key == "town":
            value = r.choice([f.town, f.town, *f.topic.towns])
        elif key in ("vpast", "vbase"):
            verb = f.verb if r.random() < 0.6 else tuple(r.choice(th["verbs"]).split("/"))
            value = verb[1] if key == "vpast" else verb[0]
        elif key == "adj":
            value = r.choice(th["adjs"] + _GEN_ADJS)
        elif key == "plural":
            value = r.choice(th["plurals"])
        elif key in ("num", "num_cap"):
            value = r.choice(f.numbers)
        elif key == "were":
            value = "were"
        elif key == "concern":
            value = r.choice(_CONCERNS)
        elif key == "gen_noun":
            value = r.choice(_GEN_NOUNS)
        elif key == "a_gen_noun":
            noun = r.choice(_GEN_NOUNS)
            value = f"{_article(noun)} {noun}"
        elif key == "month":
            value = f.month if r.random() < 0.5 else r.choice(_MONTHS)
        elif key == "adv":
            value = r.choice(_ADVS)
        elif key == "source":
            value = r.choice(_SOURCES)
        elif key == "doc":
            value = r.choice(
                (
                    "figures from the " + f.org.removeprefix("the "),
                    "a report released " + f.when,
                    "preliminary data",
                    "an internal review",
                )
            )
        elif key == "person":
            value = self.mention(r.choice(f.people), intro=False)
        elif key == "person_intro":
            value = self.mention(r.choice(f.people), intro=True)
        elif key == "lead_tail":
            value = self.fill(r.choice(_LEAD_TAILS))
        elif key == "reason":
            value = self.fill(r.choice(_REASONS))
        elif key == "effect":
            value = self.fill(r.choice(_EFFECTS))
        elif key == "react":
            value = self.fill(r.choice(_REACTS))
        elif key == "qadj_plain":
            value = r.choice(("premature", "reckless", "overdue", "a good first step", "deeply flawed"))
        else:
            raise KeyError(name)
        return value[0].upper() + value[1:] if cap else value

    def fill(self, template: str) -> str:
        template = re.sub(r"\[([^\[\]]*)\]", lambda m: self.rng.choice(m.group(1).split("|")), template)
        return re.sub(r"\{(\w+)\}", lambda m: self.slot(m.group(1)), template)

    def quote_para(self, quote: tuple[int, str], second: str | None = None) -> str:
        person = self.f.people[quote[0]]
        speaker = self.mention(person, intro=True)
        pattern = self.rng.choice(_QUOTE_PARAS if second else _QUOTE_PARAS[:4] + _QUOTE_PARAS[5:])
        if not pattern.startswith('"{quote}," {speaker_intro} said') and not pattern.endswith(
            "reporters {when}."
        ):
            speaker = speaker.rstrip(",")
        text = pattern.replace("{quote}", quote[1]).replace("{quote2}", second or "")
        text = text.replace("{quote_lower}", quote[1][0].lower() + quote[1][1:])
        text = text.replace("{speaker_intro}", speaker)
        text = self.fill(text)
        return text[0].upper() + text[1:]


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _quote_text(rng: random.Random, theme: dict) -> str:
    pattern = rng.choice(_QUOTE_PATTERNS)
    values = {
        "adv": rng.choice(("very", "really", "deeply", "genuinely", "still")),
        "qadj": rng.choice(_QADJS),
        "the_noun": "the " + rng.choice(theme["nouns"]),
        "plural": rng.choice(theme["plurals"]),
        "qthing": rng.choice(_QTHINGS),
        "town": _town(rng),
        "vbase": rng.choice(theme["verbs"]).split("/")[0],
    }
    return pattern.format(**values)


def _headline(rng: random.Random, facts: Facts) -> str:
    theme = THEMES[facts.topic.theme]
    org = facts.org.removeprefix("the ")
    event = facts.event.removeprefix("the ")
    forms = (
        f"{org} {facts.verb[1]} {event} in {facts.topic.city}",
        f"{facts.topic.city} {event} {rng.choice(('sparks', 'draws', 'faces'))} {rng.choice(('backlash', 'scrutiny', 'questions', 'pushback'))}",
        f"{event.capitalize()}: what {rng.choice(theme['plurals'])} need to know",
        f"{org} to {facts.verb[0]} {event} after {rng.choice(('review', 'outcry', 'long delay', 'court fight'))}",
        f"{facts.numbers[0].capitalize()} affected as {org} {facts.verb[1]} {event}",
    )
    title = rng.choice(forms)
    return title[0].upper() + title[1:]


def _write_story(rng: random.Random, facts: Facts, outlet: Outlet, dateline: bool) -> tuple[str, list[str]]:
    """Title and body paragraphs of a fresh article about ``facts``."""
    w = _Writer(rng, facts)
    target = rng.randint(250, 650)
    n_paras_max = rng.randint(6, 15)
    paras = [w.fill(rng.choice(_LEADS))]
    quotes = list(facts.quotes)
    rng.shuffle(quotes)
    # Each story draws on its own subset of sentence forms, so two stories share few of them.
    body = rng.sample(_BODY, k=len(_BODY) // 2)
    while sum(len(p.split()) for p in paras) < target - 30:
        if len(paras) >= n_paras_max:
            # Paragraph budget spent: grow a body paragraph instead, while unused sentence forms remain
            # (repeating forms would make same-topic stories more alike than real ones).
            if not body:
                break
            i = rng.randrange(1, len(paras))
            paras[i] += " " + w.fill(body.pop())
            continue
        if quotes and (len(paras) in (1, 3, 6, 9) or rng.random() < 0.2):
            q = quotes.pop()
            second = quotes.pop()[1] if quotes and rng.random() < 0.25 and q[0] == quotes[-1][0] else None
            paras.append(w.quote_para(q, second))
            continue
        sentences = [
            w.fill(body.pop() if body else rng.choice(_BODY)) for _ in range(rng.choice((1, 2, 2, 3)))
        ]
        paras.append(" ".join(sentences))
    if len(paras) < 5 or rng.random() < 0.6:
        paras.append(w.fill(rng.choice(_CLOSERS)))
    while len(paras) < 5:
        paras.append(w.fill(rng.choice(_BODY)))
    if dateline:
        tag = f" ({outlet.short})" if outlet.short else ""
        paras[0] = f"{facts.topic.place}{tag} — {paras[0]}"
    return _headline(rng, facts), paras


# ---------------------------------------------------------------------------------------------------
# Spinning: a thesaurus-style synonym table, written for this generator (spinner quality on purpose:
# literal, context-blind substitutions). "phrase = alternative / alternative".
# ---------------------------------------------------------------------------------------------------

_SYNONYMS_TEXT = """
said = mentioned / stated / acknowledged / talked about
told reporters = instructed journalists / knowledgeable newshounds / advised the press
told = instructed / knowledgeable / advised
reporters = journalists / newshounds / correspondents
latest round = newest spherical / most recent spherical
latest = newest / most recent / current
round = spherical / spherical form
color revolutions = racial change / shade revolts
on Monday = on Mon / this Monday
on Tuesday = on Tue / this Tuesday
on Wednesday = on Wed / this Wednesday
on Thursday = on Thu / this Thursday
on Friday = on Fri / this Friday
week = seven days / week interval
weeks = seven days / weeks interval
month = thirty days / calendar month
months = calendar months / many weeks
year = 12 months / calendar year
years = a long time / a number of years
officials = authorities / functionaries / bureaucrats
official = authority / functionary
leaders = chiefs / heads / leaders group
government = authorities / administration / authorities that be
city = metropolis / municipality / town
residents = inhabitants / dwellers / locals
people = individuals / folks / persons
decision = resolution / determination / verdict
decisions = resolutions / determinations
plan = scheme / blueprint / technique
plans = schemes / blueprints
proposal = suggestion / submission / proposition
measure = measurement / degree / step
report = document / file / account
review = evaluation / overview / assessment
agreement = settlement / accord / pact
investigation = probe / inquiry / examination
program = programme / scheme / initiative
policy = coverage / coverage plan / protocol
effort = try / endeavour / exertion
deal = settlement / cope / care for
dispute = row / quarrel / disagreement
process = course of / procedure / method
schedule = timetable / agenda / calendar
cost = price / value / expense
costs = prices / bills / bills paid
safety = security / wellbeing / protection
transparency = openness / readability
delays = delays in time / hold-ups / lags
fairness = equity / impartiality / equity concerns
oversight = supervision / lapse / watch
funding = financing / cash / money
public trust = public belief / public confidence
accountability = responsibility / answerability
families = households / kinfolk / households and children
new = contemporary / brand new / recent
major = main / primary / important
key = important / vital / crucial
local = native / native area / regional
national = nationwide / nation-wide / federal
final = last / closing / remaining
initial = preliminary / first / early
broad = wide / extensive / broad-based
significant = important / vital / substantial
growing = rising / increasing / mounting
fresh = new / recent / contemporary
recent = latest / current / new
long-running = lengthy / long-lasting / protracted
pressure = strain / stress / pressure level
critics = detractors / naysayers / critics and opponents
argued = contended / claimed / reasoned
would hurt = would damage / might harm / would injure
hurt = harm / damage / injure
little = small / minor / a bit
address = tackle / deal with / handle
immediately = instantly / right away / straight away
clear = clear-cut / evident / apparent
whether = if / whether or not
before = prior to / ahead of / earlier than
did not respond = failed to reply / didn't reply / did not answer
request for comment = request for remark / ask for comment
respond = reply / answer / react
expected = anticipated / predicted / projected
take effect = come into force / go into impact / take impact
according to = in accordance with / based on / in line with
supporters = backers / advocates / proponents
change = alteration / modification / shift
overdue = late / past due / delinquent
pointing to = citing / referring to / highlighting
past year = previous year / final yr / last 12 months
alone = solely / by itself / only
defended = protected / guarded / justified
handling = dealing with / administration / management
saying = stating / declaring / noting
followed = adopted / obeyed / observed
every = each / each and every / all
required = needed / necessary / obligatory
step = stage / move / measure
learned = realized / came upon / discovered
only = solely / simply / merely
news reports = information reviews / press reports / news stories
figures = numbers / figures released / statistics
released = launched / published / issued
showed = confirmed / indicated / revealed
up from = higher than / up on / above
earlier = previous / prior / sooner
feared = nervous / worried / dreaded
reversed = overturned / undone / turned around
next election = subsequent election / upcoming vote
hearing = listening to / session / listening
scheduled = scheduled for / deliberate / set
received = obtained / gotten / acquired
since = for the reason that / from / as
start = begin / beginning / outset
approval = approval rating / endorsement / sign-off
meets = meets up / convenes / assembles
again = once more / yet again / another time
planned = deliberate / intended / meant
challenge = problem / contest / dispute
estimated = estimated at / approximated / reckoned
total = whole / complete / overall
questions = queries / inquiries / doubts
dogged = plagued / hounded / beset
first announced = first introduced / initially revealed
announced = introduced / declared / unveiled
debate = discussion / argument / deliberation
split = divided / break up / cut up
urging = pushing / encouraging / pressing
approach = method / strategy / manner
calling for = demanding / asking for / seeking
delay = postpone / hold-up / lag
records = data / documents / information
obtained = acquired / received / gotten
warned = cautioned / alerted / forewarned
as early as = way back in / as quickly as
analysts = specialists / observers / consultants
outcome = final result / result / consequence
could shape = may form / might mould / could form
similar = comparable / related / identical
efforts = endeavours / makes an attempt / attempts
other cities = different cities / other towns
criticised = criticized / slammed / faulted
called for = demanded / urged / referred to as for
independent = unbiased / impartial / neutral
first proposed = initially proposed / first steered
two years ago = a couple of years in the past / 24 months ago
stalled = stalled out / halted / slowed
amid = amongst / amidst / during
expected to be affected = expected to be impacted / anticipated to be affected
affected = impacted / influenced / concerned
phase = part / section / stage
waited = waited for / anticipated / awaited
publish = publish out / post / release
by the end of = by the tip of / before the close of
move = transfer / transfer of / shift
drew = attracted / prompted / pulled
response = reply / response from / reaction
called it = referred to as it / dubbed it / labeled it
region = area / space / zone
last year = final year / the previous year / a year ago
lawmakers = legislators / lawmakers and officers / parliamentarians
take up = tackle / consider / take on
return = come back / return again / go back
opponents = rivals / critics / adversaries
file = document / submit / lodge
objections = complaints / protests / objections raised
agency = company / bureau / agency workplace
pay for = pay money for / fund / finance
issue = problem / situation / concern
next = subsequent / following / upcoming
set for = slated for / scheduled for / set to happen in
fight = combat / struggle / battle
far from over = removed from over / not over / far from finished
coming weeks = approaching weeks / weeks ahead / upcoming weeks
details = particulars / specifics / info
more = extra / further / additional
ending = finishing / concluding / ending of
uncertainty = doubt / uncertainty surrounding / unpredictability
setting up = establishing / organising / arranging
drawing = attracting / drawing in / pulling
criticism = criticism from / complaints / censure
despite = regardless of / in spite of / notwithstanding
capping = topping off / concluding / ending
move that = transfer that / step that
surprised = shocked / astonished / stunned
many = numerous / a lot of / quite a few
likely = probably / doubtless / possible
legal challenge = authorized problem / lawful problem / court docket problem
legal = authorized / lawful / judicial
packed = crammed / stuffed / crowded
public = public-facing / open / common
demanded = requested / insisted on / required
answers = solutions / responses / replies
rallied = gathered / assembled / rallied round
outside = exterior / outside of / past
city hall = metropolis corridor / town hall / municipal building
formal complaints = formal grievances / official complaints
questioned = queried / doubted / interrogated
deepened = intensified / worsened / grew deeper
dispute over = row over / argument about
bracing for = getting ready for / preparing for / steeling for
moved = moved to / acted / went
closed-door meeting = non-public assembly / private meeting
meeting = assembly / session / gathering
problems = issues / troubles / difficulties
found = discovered / established / uncovered
ordered = ordered up / commanded / directed
court = courtroom / tribunal / court docket
premature = untimely / early / hasty
reckless = careless / rash / irresponsible
deeply flawed = badly flawed / significantly flawed
good first step = good preliminary step / nice first step
we are = we're / we stand
we will = we'll / we are going to
keep pushing = keep urgent / continue pushing / maintain pushing
until = till / up until / until finally
deserve = merit / are worthy of / warrant
nobody = no one / not anyone / nobody at all
wait = wait for / hold on / keep ready
this long = so long / this lengthy
expect = count on / anticipate / expect that
quickly = shortly / rapidly / fast
here we are = right here we're / this is where we are
think = assume / believe / suppose
tired = drained / weary / uninterested
promises = guarantees / pledges / commitments
want = need / wish / desire
make sure = be certain / guarantee / ensure
left behind = forgotten / omitted / abandoned
still = nonetheless / nonetheless still / even now
a lot of = loads of / plenty of / a whole lot of
work = work effort / labor / job
finished = completed / accomplished / carried out
day = day of / date / time
asked for = requested / sought / called for
speak for themselves = communicate for themselves / talk for themselves
affect = have an effect on / influence / impression
generation = technology / era / age group
look at = have a look at / examine / study
option = choice / possibility / alternative
including = together with / comprising / counting
frankly = actually / to be trustworthy / really
mess = mess up / multitude / shambles
understand = perceive / realise / grasp
frustration = annoyance / disappointment / irritation
share = share in / proportion / split
cannot afford = can't afford / can not pay for
another = one other / one more / yet another
anyone = anybody / any individual / whoever
simple = easy / straightforward / plain
honest = sincere / truthful / trustworthy
ready = prepared / set / able
as soon as = once / as quickly as / the second
money = cash / funds / cash circulate
arrives = arrives at / comes / turns up
happened = occurred / took place / transpired
never = by no means / not ever / under no circumstances
encouraged = inspired / heartened / emboldened
worried = anxious / involved / apprehensive
hopeful = optimistic / hopeful about / upbeat
concerned = involved / anxious / apprehensive
optimistic = hopeful / upbeat / positive
cautious = cautious about / careful / wary
angry = offended / irate / livid
disappointed = dissatisfied / let down / upset
clear answers = clear solutions / clear replies
fair deal = truthful deal / honest deal
real relief = actual relief / genuine aid
basic safety = primary security / fundamental safety
seat at the table = seat on the desk / place at the table
certainty = certainty about / sureness / assurance
resources = sources / assets / means
promised = promised to them / pledged / vowed
voters = electors / citizens / individuals voting
ballots = votes / ballot papers / poll slips
candidates = contenders / nominees / hopefuls
campaign = marketing campaign / drive / crusade
turnout = turnover / attendance / showing
recount = retell / re-count / recounting
runoff = runoff election / overflow / run-off
audit = audit overview / inspection / check
certified = licensed / authorized / certified as
challenged = challenged in court / questioned / disputed
counted = tallied / counted up / numbered
extended = prolonged / expanded / lengthened
overturned = overthrown / reversed / upended
contested = disputed / challenged / fought over
riders = passengers / travellers / commuters
commuters = passengers / travellers / everyday riders
fare increase = fare hike / worth enhance / value improve
fares = charges / fees / ticket prices
rail = railway / practice / rail line
bus = coach / autobus / bus service
subway = underground / metro / tube
bridge = bridge span / overpass / crossing
repair = restore / fix / mend
contract = contract deal / settlement / agreement
upgrade = improve / improve of / enhancement
service cut = service discount / service reduction
budget = finances / price range / spending plan
stations = stations stops / depots / terminals
routes = routes traveled / paths / traces
approved = authorised / accredited / okayed
postponed = delayed / put off / deferred
expanded = expanded upon / broadened / enlarged
suspended = suspended quickly / halted / paused
funded = financed / funded by / bankrolled
restored = restored again / revived / reinstated
reviewed = reviewed again / examined / assessed
patients = sufferers / patients receiving care / people in care
nurses = nursing workers / caregivers / nurses staff
hospitals = hospitals and clinics / medical facilities / infirmaries
doses = doses given / photographs / pictures
clinics = clinics and practices / well being centres
cases = circumstances / instances / situations
infections = infections reported / bugs / contagions
outbreak = outbreak of / eruption / flare-up
vaccine = vaccination / jab / vaccine shot
reported = reported on / said / documented
confirmed = confirmed that / verified / affirmed
investigated = examined / probed / looked into
homes = houses / properties / dwellings
shelters = shelters opened / refuges / havens
crews = crews members / groups / teams
roads = roads and streets / streets / highways
evacuation order = evacuation command / evacuation directive
power outage = energy outage / energy cut / blackout
storm = storm system / tempest / weather system
flood = flood waters / deluge / inundation
damage = injury / harm / destruction
closed = shut / closed off / shut down
reopened = re-opened / opened again / resumed
rescued = saved / rescued from / recovered
jurors = jury members / panel members
prosecutors = prosecution attorneys / prosecution / district lawyers
defendants = accused / defendants in the case / respondents
judge = decide / choose / justice
judges = judges panel / justices / adjudicators
attorneys = legal professionals / lawyers / counsel
witnesses = witnesses referred to as / observers / onlookers
charges = costs / expenses / accusations
ruling = ruling on / judgment / determination
verdict = decision / judgment / finding
lawsuit = go well with / swimsuit / legal action
settlement = settlement deal / decision / resolution
dismissed = dismissed out / rejected / disregarded
upheld = upheld again / maintained / sustained
blocked = blocked off / obstructed / stopped
filed = filed in / submitted / lodged
appealed = appealed to / challenged / petitioned
sentenced = sentenced to / condemned / punished
charged = charged with / accused / billed
pipeline = pipeline challenge / conduit / duct
solar farm = photo voltaic farm / solar plant
wind = wind power / breeze / air current
price cap = value cap / price ceiling
grid = grid community / community / network
plant = plant facility / manufacturing unit / vegetation
closure = closing / shutdown / closure of
emissions = emissions output / discharges / pollution
target = goal / target level / aim
ratepayers = customers / utility customers / rate payers
utilities = utilities firms / utility firms / utility companies
cancelled = canceled / called off / scrapped
raised = raised up / elevated / boosted
cut = minimize / lower / slash
data breach = information breach / information leak
users = customers / clients / person accounts
engineers = engineers staff / technicians / builders
regulators = regulators officers / watchdogs / supervisors
accounts = accounts data / profiles / accounts held
employees = staff / workers / personnel
launched = launched a / began / kicked off
acquired = bought / obtained / picked up
fined = penalized / fined heavily / charged
disclosed = revealed / disclosed publicly / made public
interest rate = curiosity price / rate of interest
jobs report = jobs file / employment report
inflation = inflation charge / worth rises / value increase
trade = commerce / trade deal / exchange
tariff = tariff charge / levy / duty
economists = economic experts / economists polled / specialists
investors = traders / buyers / shareholders
workers = staff / employees / labourers
employers = employers and companies / corporations / firms
shoppers = consumers / customers / buyers
markets = markets worldwide / exchanges / market places
held = held regular / maintained / stored
forecast = forecast for / predicted / projected
slowed = slowed down / decelerated / eased
rebounded = bounced back / recovered / rebounded sharply
students = college students / pupils / learners
teachers = lecturers / educators / instructors
parents = dad and mom / mother and father / guardians
schools = faculties / colleges / schools district
strike = strike motion / walkout / hit
tuition = tuition fees / schooling charges / fees
enrollment = enrolment / registration / admissions
tenants = renters / occupants / lease holders
landlords = property owners / landowners / lessors
developers = builders / developers group / constructors
apartments = residences / flats / models
rent = lease / hire / rental
eviction = eviction proceedings / elimination / removal
zoning = zoning guidelines / land-use / zoning rules
affordable = inexpensive / reasonably priced / cheap
troops = troopers / forces / soldiers
soldiers = troopers / service members / fighters
diplomats = envoys / diplomatic officers / emissaries
civilians = civilian residents / non-combatants / individuals
ceasefire = truce / cease-fire / halt in preventing
talks = negotiations / discussions / talks held
deployed = deployed to / stationed / positioned
withdrew = pulled out / withdrew from / retreated
condemned = denounced / criticized / condemned strongly
fans = followers / supporters / spectators
players = gamers / athletes / players on the roster
coach = coach of / trainer / instructor
team = group / squad / side
league = league physique / affiliation / division
stadium = area / arena / ground
signed = signed up / inked / agreed
fired = dismissed / fired up / sacked
won = received / gained / clinched
lost = misplaced / dropped / lost out
percent = % / per cent / p.c.
million = million greenback / m / mln
billion = billion greenback / bn / bln
dollars = {dollars} / bucks / USD
statement = assertion / declaration / announcement
interview = interview session / conversation / discussion
spokesperson = spokesman / consultant / representative
director = director of / head / chief
chief = chief of / head / leader
president = president of / chairman / head
minister = minister of / secretary / cabinet member
commissioner = commissioner of / official / regulator
council = council body / board / panel
board = board of / panel / committee
department = division / department workplace / ministry
commission = fee / commission body / panel
union = union group / federation / guild
association = affiliation / group / society
however = nevertheless / nonetheless / but
also = additionally / as well / too
because = as a result of / since / due to
about = about round / roughly / concerning
after = after that / following / subsequent to
during = throughout / all through / in the course of
while = whereas / whilst / even though
including = together with / counting / comprising
among = amongst / between / among the many
against = towards / in opposition to / versus
without = with out / lacking / minus
help = assist / support / aid
important = essential / vital / necessary
problem = downside / concern / issue
problems = issues / troubles / points
show = present / display / reveal
start = begin / commence / kick off
began = started / commenced / kicked off
make = make up / create / produce
made = made up / created / produced
give = present / hand / provide
take = take up / seize / grab
took = seized / grabbed / took up
get = obtain / acquire / receive
need = want / require / need to have
help = help out / assist / aid
big = massive / huge / large
small = small-scale / tiny / little
high = excessive / elevated / tall
low = little / minimal / low-lying
early = early on / premature / initial
late = late in / overdue / belated
part = half / portion / section
number = quantity / figure / count
group = group of / collective / cluster
area = space / zone / region
region = area / zone / territory
country = nation / land / state
state = state of / nation / condition
world = global / planet / earth
result = consequence / end result / outcome
results = outcomes / consequences / findings
"""


def _parse_synonyms(text: str) -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for line in text.strip().splitlines():
        key, _, alts = line.partition("=")
        key = key.strip().lower()
        options = [a.strip() for a in alts.split("/") if a.strip() and "{" not in a]
        if key and options:
            table.setdefault(key, options)
    return table


SYNONYMS = _parse_synonyms(_SYNONYMS_TEXT)
_MAX_PHRASE = max(len(k.split()) for k in SYNONYMS)


_WORD_PARTS = re.compile(r"^(\W*)(.*?)(\W*)$", re.S)


def _parts(word: str) -> tuple[str, str, str]:
    m = _WORD_PARTS.match(word)
    assert m is not None
    return m.group(1), m.group(2), m.group(3)


def _match_phrase(words: list[str], i: int, table: dict) -> tuple[int, str, str, str] | None:
    """Longest table phrase starting at words[i]: (length, key, leading punct, trailing punct)."""
    for n in range(min(_MAX_PHRASE, len(words) - i), 0, -1):
        seg = [_parts(w) for w in words[i : i + n]]
        if n > 1 and (seg[0][2] or seg[-1][0] or any(p[0] or p[2] for p in seg[1:-1])):
            continue
        key = " ".join(p[1] for p in seg).lower()
        if key in table:
            return n, key, seg[0][0], seg[-1][2]
    return None


def _match_case(template: str, replacement: str) -> str:
    if template[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def spin_text(text: str, rng: random.Random, rate: float, table: dict[str, list[str]] | None = None) -> str:
    """Make about ``rate`` swaps per word of ``text`` from the synonym table (longest phrase first).

    ``rate`` 0.2 is one swap every five words, as in spun copies found in the wild; a phrase swap
    ("told reporters" -> "instructed journalists") counts once. The probability per matching phrase
    is scaled by how many phrases match, so texts with few table words still get ``rate`` when possible.
    """
    table = SYNONYMS if table is None else table
    paras = text.split("\n")
    split = [p.split(" ") for p in paras]
    matches = total = 0
    for words in split:
        total += len(words)
        i = 0
        while i < len(words):
            m = _match_phrase(words, i, table)
            matches += 1 if m else 0
            i += m[0] if m else 1
    prob = min(1.0, rate * total / matches) if matches else 0.0
    out_paras = []
    for words in split:
        out: list[str] = []
        i = 0
        while i < len(words):
            m = _match_phrase(words, i, table)
            if m and rng.random() < prob:
                n, key, lead, trail = m
                core = _parts(words[i])[1]
                out.append(lead + _match_case(core, rng.choice(table[key])) + trail)
                i += n
            else:
                out.append(words[i])
                i += 1
        out_paras.append(" ".join(out))
    return "\n".join(out_paras)


# ---------------------------------------------------------------------------------------------------
# Machine-translation round trip
# ---------------------------------------------------------------------------------------------------

_CONTRACTIONS = {
    "do not": "don't",
    "does not": "doesn't",
    "did not": "didn't",
    "is not": "isn't",
    "are not": "aren't",
    "will not": "won't",
    "cannot": "can't",
    "it is": "it's",
    "we are": "we're",
    "we will": "we'll",
    "they are": "they're",
    "would not": "wouldn't",
    "has not": "hasn't",
    "have not": "haven't",
    "that is": "that's",
    "there is": "there's",
    "i am": "I'm",
    "was not": "wasn't",
}
_EXPANSIONS = {v.lower(): k for k, v in _CONTRACTIONS.items()}
_PREPOSITIONS = {
    "in": ("at", "on", "within"),
    "on": ("in", "at", "upon"),
    "at": ("in", "on"),
    "for": ("to", "by"),
    "of": ("from", "about"),
    "with": ("by", "alongside"),
    "to": ("for", "towards"),
    "from": ("of", "since"),
    "about": ("on", "regarding"),
    "by": ("with", "through"),
    "that": ("which", "what"),
    "this": ("that", "the"),
    "after": ("following", "since"),
    "before": ("prior to", "ahead of"),
}
_SAID_AFTER = re.compile(r'," ([A-Z][a-z]+(?: [A-Z][a-z]+)?) said')
_SAID_BEFORE = re.compile(r'," said ([A-Z][a-z]+(?: [A-Z][a-z]+)?)')


def mt_text(text: str, rng: random.Random, strength: float = 1.6) -> str:
    """A machine-translation round trip: contractions, small words changed, local word-order swaps.

    With the default ``strength`` about 70-80% of the words survive in order (longest common
    subsequence of the word lists, relative to the source's length).
    """
    text = _SAID_AFTER.sub(lambda m: f'," said {m.group(1)}' if rng.random() < 0.7 else m.group(0), text)
    text = _SAID_BEFORE.sub(lambda m: f'," {m.group(1)} said' if rng.random() < 0.7 else m.group(0), text)
    paras = []
    for para in text.split("\n"):
        words = para.split(" ")
        out: list[str] = []
        i = 0
        while i < len(words):
            lead, core, trail = _parts(words[i])
            low = core.lower()
            nxt = _parts(words[i + 1]) if i + 1 < len(words) else ("", "", "")
            pair = f"{low} {nxt[1].lower()}"
            r = rng.random()
            if not trail and not nxt[0] and pair in _CONTRACTIONS and r < 0.7 * strength:
                out.append(lead + _match_case(core, _CONTRACTIONS[pair]) + nxt[2])
                i += 2
                continue
            if low in _EXPANSIONS and r < 0.7 * strength:
                out.append(lead + _match_case(core, _EXPANSIONS[low]) + trail)
            elif low in ("the", "a", "an") and r < 0.3 * strength:
                if r < 0.12 * strength:
                    i += 1
                    continue  # articles dropped, as from a language without them
                swap = "the" if low != "the" else rng.choice(("a", "this"))
                out.append(lead + _match_case(core, swap) + trail)
            elif low in _PREPOSITIONS and r < 0.28 * strength:
                out.append(lead + _match_case(core, rng.choice(_PREPOSITIONS[low])) + trail)
            elif low in SYNONYMS and r < 0.1 * strength:
                out.append(lead + _match_case(core, rng.choice(SYNONYMS[low])) + trail)
            else:
                out.append(words[i])
            i += 1
        # Local order swaps between plain lower-case words (adjective/noun, adverb/verb inversions).
        for j in range(len(out) - 1):
            a, b = out[j], out[j + 1]
            if a.isalpha() and b.isalpha() and a.islower() and b.islower() and rng.random() < 0.07 * strength:
                out[j], out[j + 1] = b, a
        paras.append(" ".join(out))
    return "\n".join(paras)


# ---------------------------------------------------------------------------------------------------
# OCR noise
# ---------------------------------------------------------------------------------------------------

_OCR_SUBS = {
    "m": ("rn",),
    "l": ("1", "I"),
    "1": ("l", "I"),
    "I": ("l", "1"),
    "O": ("0",),
    "0": ("O", "o"),
    "o": ("0", "c"),
    "e": ("c",),
    "c": ("e",),
    "h": ("b", "li"),
    "n": ("ri", "u"),
    "u": ("n", "ii"),
    "i": ("l", "1"),
    "t": ("f",),
    "f": ("t",),
    "a": ("o", "e"),
    "s": ("5",),
    "5": ("S", "s"),
    "S": ("5",),
    "B": ("8",),
    "8": ("B",),
    "g": ("q", "9"),
    "d": ("cl",),
    "w": ("vv",),
    ",": (".",),
    ".": (",", ""),
}


def ocr_text(text: str, rng: random.Random, rate: float) -> str:
    """Character noise at about ``rate`` of characters, plus hard line wraps with broken hyphenation."""
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "r" and text[i + 1 : i + 2] == "n" and rng.random() < rate * 6:
            out.append("m")
            i += 2
            continue
        if not ch.isspace() and rng.random() < rate:
            r = rng.random()
            if r < 0.6 and ch in _OCR_SUBS:
                out.append(rng.choice(_OCR_SUBS[ch]))
            elif r < 0.8:
                pass  # dropped character
            elif r < 0.9:
                out.append(ch + " ")  # split word
            else:
                out.append(ch + ch)
        else:
            out.append(ch)
        i += 1
    return "\n\n".join(_wrap(p, rng) for p in "".join(out).split("\n\n"))


def _wrap(para: str, rng: random.Random) -> str:
    """Hard-wrap at ~60 columns; sometimes split a long word with a hyphen across the line break."""
    lines, line = [], ""
    for word in para.split():
        if len(line) + len(word) + 1 > 60 and line:
            if len(word) > 6 and word.isalpha() and rng.random() < 0.4:
                cut = rng.randint(2, len(word) - 3)
                lines.append(f"{line} {word[:cut]}-")
                line = word[cut:]
                continue
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------
# Translation into a pseudo-language
# ---------------------------------------------------------------------------------------------------

# Private-use language codes (ISO 639-2 reserves qaa-qtz for local use).
LANGS = ("qaa", "qab")
_LANG_SOUNDS = {
    "qaa": (
        ("k", "v", "z", "dr", "sh", "m", "t", "p", "r", "l", "n", "br"),
        ("a", "o", "u", "ei", "aa", "y"),
    ),
    "qab": (
        ("j", "h", "s", "kv", "g", "b", "d", "ts", "f", "w", "st", "x"),
        ("e", "i", "ou", "ae", "io", "ue"),
    ),
}
_FUNCTION_WORDS = set(
    "the a an of to in on at for by with from and or but is are was were be been it its this that as "
    "he she they we i you his her their our not no".split()
)


def pseudo_word(word: str, lang: str) -> str:
    """The deterministic ``lang`` word for an English (lower-case) word."""
    digest = hashlib.blake2b(f"{lang}:{word}".encode(), digest_size=8).digest()
    r = random.Random(int.from_bytes(digest, "big"))
    onsets, vowels = _LANG_SOUNDS[lang]
    n = 1 if word in _FUNCTION_WORDS else max(1, min(4, round(len(word) / 3) + r.choice((-1, 0, 0, 1))))
    return "".join(r.choice(onsets) + r.choice(vowels) for _ in range(n)) + r.choice(("", "", "n", "s", "k"))


def translate_text(text: str, lang: str, keep: frozenset[str] = frozenset()) -> str:
    """Word-by-word translation into ``lang`` that keeps names, numbers and all-caps words.

    A word is kept as is when it contains a digit, is all capitals (datelines), is in ``keep`` (the
    story's names), or is capitalised anywhere but at the start of a sentence.
    """
    out_lines = []
    for line in text.split("\n"):
        words = line.split(" ")
        out: list[str] = []
        start = True
        for word in words:
            lead, core, trail = _parts(word)
            if not core:
                out.append(word)
                continue
            keep_it = (
                any(c.isdigit() for c in core)
                or (core.isupper() and len(core) > 1)
                or core in keep
                or (core[0].isupper() and not start and not lead.startswith('"'))
            )
            if keep_it:
                out.append(word)
            else:
                pieces = re.split(r"([-'’])", core)
                trans = "".join(p if p in "-'’" else pseudo_word(p.lower(), lang) for p in pieces)
                out.append(lead + _match_case(core, trans) + trail)
            start = trail.endswith((".", "?", "!", ":", '."', '?"', "—")) or core == "—"
        out_lines.append(" ".join(out))
    return "\n".join(out_lines)


# ---------------------------------------------------------------------------------------------------
# Site chrome and attribution lines
# ---------------------------------------------------------------------------------------------------

_SECTIONS = "News World Politics Business Tech Sports Opinion Health Science Local Entertainment Video Climate Money".split()
_COOKIE = (
    "We use cookies to make this site work and to understand how you use it. By continuing to browse, you "
    "accept our use of cookies. Manage preferences",
    "This website stores small files on your device to remember your choices and measure traffic. Accept all | "
    "Reject non-essential | Settings",
    "Our partners and we use cookies for personalised content and ads. Click Accept to continue or review your "
    "options at any time.",
)
_NEWSLETTER = (
    "Sign up for our free morning newsletter and get the day's top stories in your inbox.",
    "Get breaking news alerts delivered straight to your phone. Download our app today.",
    "Never miss a story: subscribe to the {site} daily briefing. It's free.",
    "Support independent local journalism. Become a member of {site} for less than a coffee a week.",
)
_COMMENTS = (
    [
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
        "Comment *",
        "Name *",
        "Email *",
        "Website",
        "Save my name, email, and website in this browser for the next time I comment.",
    ],
    ["Leave a Reply Cancel reply", "Your email address will not be published.", "Post Comment"],
    ["Comments are closed."],
    ["Join the conversation", "You must be logged in to post a comment. Read our community guidelines."],
)
_FOOTERS = (
    "About Us | Contact | Privacy Policy | Terms of Use | Advertise",
    "Home | About | Editorial Policy | Corrections | Careers | Sitemap",
    "Privacy | Terms | Cookie Settings | Do Not Sell My Personal Information",
)


@dataclass(frozen=True)
class SiteProfile:
    """The fixed chrome of one site: the same on every page it publishes."""

    header: tuple[str, ...]
    footer: tuple[str, ...]
    related_label: str
    n_related: tuple[int, int]
    inline_ads: float
    cookie: bool


def _site_profile(rng: random.Random, outlet: Outlet) -> SiteProfile:
    sections = rng.sample(_SECTIONS, rng.randint(5, 9))
    header = [outlet.name, "Skip to content", " | ".join(["Home", *sections])]
    if rng.random() < 0.5:
        header.append(
            f"{rng.choice(('Trending', 'Hot topics', 'Top stories'))}: " + ", ".join(rng.sample(_SECTIONS, 3))
        )
    footer = [rng.choice(_NEWSLETTER).replace("{site}", outlet.name)]
    footer += rng.choice(_COMMENTS)
    footer += [rng.choice(_FOOTERS), f"© {rng.choice((2023, 2024))} {outlet.name}. All rights reserved."]
    if rng.random() < 0.6:
        footer.insert(0, "Source link")
    small = outlet.kind in ("wire", "paper")
    if small:
        footer = [rng.choice(("Most read", "Popular now", "Top stories")), *footer[-2:]]
    return SiteProfile(
        header=tuple(header[:3] if small else header),
        footer=tuple(footer),
        related_label=rng.choice(
            ("Related:", "Read also:", "More from {site}:", "You may also like", "Related posts")
        ),
        n_related=(2, 6) if small else (5, 14),
        inline_ads=0.0 if small else rng.uniform(0.1, 0.35),
        cookie=rng.random() < 0.6,
    )


_COMMENT_LINES = (
    "Same story every year. Nothing changes until people show up and vote.",
    "Who is paying for all of this? Follow the money.",
    "Finally some good news, but I will believe it when I see it.",
    "This is exactly what we were warned about and nobody listened.",
    "Great reporting, thanks for keeping us informed.",
    "Not surprised at all. Read the related piece about {h}.",
    "My family has lived here for forty years and we were never asked.",
    "The comments here are wild. Did anyone actually read the article?",
    "Somebody should be held responsible for this mess.",
    "I work in this field and the numbers quoted are not the whole picture.",
)

_ATTRIBUTION = (
    "The story first appeared in {o}.",
    "This article originally appeared on {o}.",
    "Originally published by {o}.",
    "Read more at {o}",
    "Source: {o}",
    "This story was first published by {o} and is republished here with permission.",
    "Via {o}",
    "Copyright {o}. Reprinted under license.",
)
_EXCERPT_TAILS = (
    "Read more at {o}",
    "The story first appeared in {o}.",
    "Continue reading at {o}",
    "Read the full story at {o}.",
    "Click here to read the rest of this article on {o}.",
)


def _attribution(rng: random.Random, root: Outlet, via: Outlet, templates: tuple[str, ...]) -> str:
    # Credits name the outlet of the original most of the time, else the copy's immediate source.
    outlet = root if rng.random() < 0.8 or via.kind == "foreign" else via
    alias = rng.choice(OUTLET_ALIASES.get(outlet.canonical, (outlet.name,)))
    if outlet.canonical == "Axios" and rng.random() < 0.4:
        return f"Like this story? Get more from {alias} in your inbox every morning with {alias} AM."
    return rng.choice(templates).replace("{o}", alias)


# ---------------------------------------------------------------------------------------------------
# Documents and derivation
# ---------------------------------------------------------------------------------------------------


@dataclass
class _Doc:
    id: str
    story: str
    outlet: Outlet
    title: str
    body: list[str]
    published: datetime
    kind: str
    lang: str = "en"
    head: list[str] = field(default_factory=list)
    tail: list[str] = field(default_factory=list)
    source: _Doc | None = None
    detail: str = ""

    @property
    def text(self) -> str:
        parts = []
        if self.head:
            parts.append("\n".join(self.head))
        parts.append("\n\n".join(self.body))
        if self.tail:
            parts.append("\n".join(self.tail))
        return "\n\n".join(parts)


class _Corpus:
    """Generation state shared across stories: outlets, their chrome, a pool of headlines."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        towns = [_town(rng) for _ in range(40)]
        self.derived_outlets = _make_derived_outlets(rng, towns)
        self.profiles = {o.name: _site_profile(rng, o) for o in (*ORIGIN_OUTLETS, *self.derived_outlets)}
        self.headlines: list[str] = []

    def wrap(self, doc: _Doc, heavy: bool) -> None:
        """Put the outlet's page chrome around ``doc`` (in place)."""
        rng, prof = self.rng, self.profiles[doc.outlet.name]
        head = list(prof.header)
        if heavy:
            head.append(f"Home » {rng.choice(_SECTIONS)} » {doc.title}")
            head.append(
                f"Posted by {rng.choice(('admin', 'Staff', 'News Desk', 'editor'))} | "
                f"{doc.published.strftime('%B %d, %Y')}"
            )
            if rng.random() < 0.5:
                head.append("Share: Facebook Twitter WhatsApp Email Print")
        if prof.cookie and rng.random() < 0.7:
            head.insert(0, rng.choice(_COOKIE))
        body = []
        for i, para in enumerate(doc.body):
            body.append(para)
            if 0 < i < len(doc.body) - 1 and rng.random() < prof.inline_ads:
                body.append(
                    rng.choice(
                        (
                            "ADVERTISEMENT",
                            "Advertisement",
                            f"Related: {self.headline()}",
                            f"Also read: {self.headline()}",
                            "Story continues below",
                        )
                    )
                )
        tail = []
        lo, hi = prof.n_related
        n = rng.randint(lo, hi)
        if n:
            tail.append(prof.related_label.replace("{site}", doc.outlet.name))
            for _ in range(n):
                tail.append(self.headline())
                if heavy and rng.random() < 0.5:
                    tail.append(
                        f"{rng.choice(_MONTHS)} {rng.randint(1, 28)}, 2024 | {rng.randint(0, 40)} comments"
                    )
        if heavy and rng.random() < 0.5:
            tail.append("Tags: " + ", ".join(rng.sample(_SECTIONS, 3)))
        tail += prof.footer
        if heavy and doc.lang == "en" and "Leave a Reply" in " ".join(prof.footer) and rng.random() < 0.8:
            tail += self.comments(rng.randint(2, 8))
        doc.head, doc.body, doc.tail = head, body, tail

    def comments(self, n: int) -> list[str]:
        """Reader comments under a scraped page: a handle, a date and a line of opinion."""
        rng, lines = self.rng, [f"{n} thoughts on this story"]
        for _ in range(n):
            handle = (
                rng.choice(_FIRST_A)
                + rng.choice(_FIRST_B)
                + rng.choice(("", "_", "."))
                + str(rng.randint(1, 99))
            )
            lines.append(f"{handle} says:")
            lines.append(rng.choice(_COMMENT_LINES).replace("{h}", self.headline().lower()))
            lines.append("Reply")
        return lines

    def headline(self) -> str:
        return self.rng.choice(self.headlines) if self.headlines else "More news"


def _typography(text: str, rng: random.Random) -> str:
    """Re-typeset as a CMS would: curly quotes, dash styles, non-breaking habits."""
    if rng.random() < 0.5:
        text = re.sub(r'"(?=\w)', "“", text)
        text = text.replace('"', "”")
        text = text.replace("'", "’")
    if rng.random() < 0.5:
        text = text.replace(" — ", rng.choice((" - ", " -- ", "—", " – ")))
    return text


def _delay(rng: random.Random) -> timedelta:
    r = rng.random()
    if r < 0.5:
        return timedelta(minutes=rng.randint(5, 180))
    if r < 0.85:
        return timedelta(hours=rng.uniform(3, 48))
    return timedelta(days=rng.uniform(2, 6))


def _derive(
    corpus: _Corpus, src: _Doc, root: _Doc, kind: str, doc_id: str, facts: Facts, spin_rate: float
) -> _Doc:
    rng = corpus.rng
    foreign = src.lang != "en" or kind == "translation"
    pool = [
        o for o in corpus.derived_outlets if (o.kind == "foreign") == foreign and o.name != src.outlet.name
    ]
    if foreign:
        lang = src.lang if src.lang != "en" else rng.choice(LANGS)
        pool = [o for o in pool if o.lang == lang] or pool
    outlet = rng.choice(pool)
    doc = _Doc(
        doc_id,
        src.story,
        outlet,
        src.title,
        list(src.body),
        src.published + _delay(rng),
        kind,
        lang=src.lang,
        source=src,
    )
    chrome, heavy = rng.random() < 0.7, True
    if kind == "copy":
        doc.body = _copy_body(src.body, rng)
        chrome = rng.random() < 0.9
    elif kind == "excerpt":
        keep = max(2, round(len(src.body) * rng.uniform(0.2, 0.6)))
        doc.body = _copy_body(src.body[:keep], rng)
        if rng.random() < 0.5:
            last = doc.body[-1].split(" ")
            doc.body[-1] = " ".join(last[: max(4, len(last) * 2 // 3)]) + rng.choice(("…", " […]", "..."))
        if rng.random() < 0.8:
            doc.body.append(_attribution(rng, root.outlet, src.outlet, _EXCERPT_TAILS))
        doc.detail = f"excerpt:{keep}/{len(src.body)}"
    elif kind == "rewrite":
        doc.body, doc.detail = _rewrite_body(_copy_body(src.body, rng), rng)
    elif kind == "spin":
        rate = spin_rate * (2.0 if rng.random() < 0.35 else 1.0)
        doc.body = spin_text("\n".join(src.body), rng, rate).split("\n")
        doc.title = spin_text(src.title, rng, rate)
        doc.detail = f"spin:{rate:.2f}"
        chrome = rng.random() < 0.85
    elif kind == "mt":
        doc.body = mt_text("\n".join(src.body), rng).split("\n")
        doc.title = mt_text(src.title, rng)
        chrome = rng.random() < 0.5
    elif kind == "ocr":
        rate = rng.uniform(0.02, 0.04)
        doc.body = ocr_text("\n\n".join(src.body), rng, rate).split("\n\n")
        doc.detail = f"ocr:{rate:.3f}"
        chrome = rng.random() < 0.3
    elif kind == "translation":
        doc.lang = outlet.lang
        doc.body = translate_text(src.text, outlet.lang, _protected(facts)).split("\n\n")
        doc.title = translate_text(src.title, outlet.lang, _protected(facts))
        doc.detail = f"translation:{outlet.lang}"
        chrome, heavy = rng.random() < 0.5, False
    if kind in ("copy", "rewrite", "spin", "mt") and rng.random() < 0.45:
        doc.body.append(_attribution(rng, root.outlet, src.outlet, _ATTRIBUTION))
    if rng.random() < 0.3:
        doc.title = f"{doc.title}{rng.choice((' | ', ' - ', ' – '))}{outlet.name}"
    if chrome:
        corpus.wrap(doc, heavy)
        if doc.lang != "en":
            doc.head = [translate_text(x, doc.lang) for x in doc.head]
            doc.tail = [translate_text(x, doc.lang) for x in doc.tail]
    return doc


def _copy_body(body: list[str], rng: random.Random) -> list[str]:
    """A scraper's copy of article paragraphs: bylines and credit lines often lost, text re-typeset."""
    out = [p for p in body if not (_is_credit(p) and rng.random() < 0.6)] or body[:]
    if out and rng.random() < 0.35:
        out[0] = re.sub(r"^[A-Z][A-Z .]+(?: \([^)]*\))? — ", "", out[0])  # dateline dropped
    # Photo captions and short lines go missing; occasionally a paragraph is lost in extraction.
    out = [p for i, p in enumerate(out) if i == 0 or rng.random() > 0.15]
    if rng.random() < 0.9:
        out = _house_style(out, rng)
    return [_typography(p, rng) for p in out] if rng.random() < 0.7 else out


# House-style rewrites a republishing desk applies throughout a copy (each site uses a few of them).
_HOUSE_STYLE = (
    (r" percent\b", "%"),
    (r" percent\b", " per cent"),
    (r"\bon (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", r"\1"),
    (r" said\.", " says."),
    (r"\baccording to\b", "per"),
    (r"\bdid not\b", "didn't"),
    (r"\bwas not\b", "wasn't"),
    (r"\b(\d+),(\d{3})\b", r"\1\2"),
    (r"\btold reporters\b", "said"),
    (r"\bofficials\b", "authorities"),
    (r"\bcriticised\b", "criticized"),
    (r"\bneighbouring\b", "neighboring"),
    (r"\bthe agency\b", "the department"),
    (r"\bexpected to\b", "set to"),
    (r"\bresidents\b", "locals"),
    (r"\bhas not said\b", "hasn't said"),
)


def _house_style(paras: list[str], rng: random.Random) -> list[str]:
    rules = rng.sample(_HOUSE_STYLE, rng.randint(4, 9))
    out = []
    for para in paras:
        for pattern, repl in rules:
            para = re.sub(pattern, repl, para)
        out.append(para)
    return out


def _is_credit(para: str) -> bool:
    return (
        para.startswith(("By ", "(Reporting by", "Photo:", "FILE -")) or "contributed to this report" in para
    )


def _rewrite_body(body: list[str], rng: random.Random) -> tuple[list[str], str]:
    lead, rest = body[:1], body[1:]
    ops = []
    if rng.random() < 0.7 and len(rest) > 2:
        drop = max(1, round(len(rest) * rng.uniform(0.15, 0.35)))
        gone = set(rng.sample(range(len(rest)), drop))
        rest = [p for i, p in enumerate(rest) if i not in gone]
        ops.append(f"drop{drop}")
    if not ops or rng.random() < 0.6:
        for _ in range(rng.randint(1, 3)):
            if len(rest) > 1:
                i, j = rng.sample(range(len(rest)), 2)
                rest[i], rest[j] = rest[j], rest[i]
        ops.append("reorder")
    return lead + rest, "rewrite:" + "+".join(ops)


def _protected(facts: Facts) -> frozenset[str]:
    words = {facts.topic.city, *facts.topic.towns}
    for p in (*facts.people, *facts.topic.cast):
        words.update((p.first, p.last))
    for org in facts.topic.orgs:
        words.update(org.split())
    words.update(facts.topic.city.split())
    return frozenset(words)


def _iso(dt: datetime, tz_hours: float) -> str:
    return dt.astimezone(timezone(timedelta(hours=tz_hours))).isoformat(timespec="seconds")


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:70]


def _url(rng: random.Random, doc: _Doc) -> str:
    d = doc.published
    slug = _slug(doc.title.split(" | ")[0])
    if doc.outlet.kind in ("scraper", "aggregator"):
        return rng.choice(
            (
                f"https://{doc.outlet.domain}/{slug}/",
                f"https://{doc.outlet.domain}/?p={rng.randint(1000, 99999)}",
                f"https://www.{doc.outlet.domain}/news/{d:%Y/%m/%d}/{slug}.html",
            )
        )
    return f"https://www.{doc.outlet.domain}/{rng.choice(_SECTIONS).lower()}/{d:%Y/%m/%d}/{slug}-{rng.randint(10**5, 10**6)}"


def _original(
    corpus: _Corpus, facts: Facts, doc_id: str, story: str, outlet: Outlet, when: datetime, kind: str
) -> _Doc:
    rng = corpus.rng
    title, body = _write_story(rng, facts, outlet, dateline=bool(outlet.short) and rng.random() < 0.6)
    if outlet.kind == "wire" and rng.random() < 0.5:
        first, last = _pick_names(rng, set())
        body.insert(
            0,
            f"By {first} {last}"
            if rng.random() < 0.5
            else f"By {first.upper()} {last.upper()} {outlet.name}",
        )
    if outlet.canonical == "Reuters" and rng.random() < 0.6:
        a, b = _pick_names(rng, set()), _pick_names(rng, set())
        body.append(f"(Reporting by {a[0]} {a[1]} in {facts.topic.city}; Editing by {b[0]} {b[1]})")
    elif outlet.short == "AP" and rng.random() < 0.4:
        a = _pick_names(rng, set())
        body.append(f"Associated Press writer {a[0]} {a[1]} contributed to this report from {facts.town}.")
    if rng.random() < 0.5:
        for _ in range(rng.randint(1, 2)):
            body.insert(rng.randint(1, len(body) - 1), _caption(rng, facts, outlet))
    doc = _Doc(doc_id, story, outlet, title, body, when, kind)
    if rng.random() < 0.75:
        corpus.wrap(doc, heavy=False)
    return doc


def _caption(rng: random.Random, facts: Facts, outlet: Outlet) -> str:
    """A photo caption with credit, as wire pages carry; scrapers usually lose them."""
    theme = THEMES[facts.topic.theme]
    who = rng.choice(facts.people)
    first, last = _pick_names(rng, set())
    credit = f"({outlet.short or outlet.name} Photo/{first} {last})"
    scene = rng.choice(
        (
            f"{who.full} speaks to {rng.choice(theme['plurals'])} in {facts.topic.city}",
            f"{rng.choice(theme['plurals']).capitalize()} gather near {facts.town}",
            f"A view of {facts.event.removeprefix('the ')} site in {facts.topic.city}",
            f"{who.full}, {who.role}, listens during a meeting",
        )
    )
    prefix = "FILE - " if rng.random() < 0.4 else "Photo: "
    return f"{prefix}{scene} on {rng.choice(_MONTHS)} {rng.randint(1, 28)}, {rng.choice((2022, 2023, 2024))}. {credit}"


def _record(rng: random.Random, doc: _Doc) -> dict:
    return {
        "id": doc.id,
        "url": _url(rng, doc),
        "outlet": doc.outlet.name,
        "title": doc.title,
        "published_at": _iso(doc.published, doc.outlet.tz_hours),
        "lang": doc.lang,
        "text": doc.text,
    }


def generate(
    stories: int,
    seed: int,
    *,
    spin_rate: float = 0.2,
    with_dates: bool = True,
    negatives_per_story: float = 0.5,
    derived_per_story: tuple[int, int] = (2, 6),
    external_root_rate: float = 0.15,
    partial_rate: float = 0.0,
) -> tuple[list[dict], list[dict]]:
    """A labelled corpus of ``stories`` stories: ``(documents, truth)``, in the same (shuffled) order.

    ``external_root_rate`` is the share of stories whose original is left out of the corpus;
    ``partial_rate`` the share that also get a ``partial`` document (see the module docstring).
    """
    if stories < 0:
        raise ValueError("stories must be >= 0")
    if not 0.0 <= spin_rate <= 1.0:
        raise ValueError(f"spin_rate must be in [0.0, 1.0], got {spin_rate}")
    if not 0.0 <= partial_rate <= 1.0:
        raise ValueError(f"partial_rate must be in [0.0, 1.0], got {partial_rate}")
    lo, hi = derived_per_story
    if not 0 <= lo <= hi:
        raise ValueError(f"derived_per_story must be (lo, hi) with 0 <= lo <= hi, got {derived_per_story}")
    rng = random.Random(seed)
    corpus = _Corpus(rng)
    used_names: set[str] = set()

    plans: list[tuple[str, Facts]] = []
    topic = _make_topic(rng, used_names)
    left = rng.randint(5, 10)
    for n in range(1, stories + 1):
        if left == 0:
            topic, left = _make_topic(rng, used_names), rng.randint(5, 10)
        left -= 1
        plans.append((f"s{n:04d}", _make_facts(rng, topic, used_names)))

    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    originals = []
    for story, facts in plans:
        outlet = rng.choices(ORIGIN_OUTLETS, weights=ORIGIN_WEIGHTS)[0]
        when = start + timedelta(minutes=rng.randint(0, 330 * 24 * 60))
        originals.append(_original(corpus, facts, f"{story}-o", story, outlet, when, "original"))
    corpus.headlines = [d.title for d in originals]

    docs: list[tuple[_Doc, dict]] = []
    partial_plans: list[tuple[Facts, _Doc, bool]] = []
    kinds, weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    for (story, facts), orig in zip(plans, originals, strict=True):
        external = rng.random() < external_root_rate
        root_id = None if external else orig.id
        canon = orig.outlet.canonical
        partial_plans.append((facts, orig, external))
        if not external:
            docs.append((orig, _truth(orig, None, root_id, canon)))
        derived: list[_Doc] = []
        n_derived = max(rng.randint(lo, hi), 1 if external else 0)
        for j in range(1, n_derived + 1):
            kind = rng.choices(kinds, weights=weights)[0]
            eligible = [d for d in derived if d.lang == "en" or kind in ("copy", "excerpt", "ocr")]
            src = orig if not eligible or rng.random() < 0.55 else rng.choice(eligible)
            if kind == "translation" and src.lang != "en":
                src = orig
            doc = _derive(corpus, src, orig, kind, f"{story}-d{j:02d}", facts, spin_rate)
            derived.append(doc)
            parent = None if (src is orig and external) else src.id
            docs.append((doc, _truth(doc, parent, root_id, canon)))
        n_neg = int(negatives_per_story) + (rng.random() < negatives_per_story % 1)
        for k in range(1, n_neg + 1):
            neg = _negative(corpus, facts, orig, f"{story}-n{k:02d}")
            row = _truth(neg, None, neg.id, neg.outlet.canonical)
            row["same_event"] = orig.id
            docs.append((neg, row))

    rng.shuffle(docs)
    partials: list[tuple[_Doc, dict]] = []
    if partial_rate > 0:
        # Its own stream, after everything else: the rest of the corpus stays what this seed makes.
        prng = random.Random(f"{seed}:partial")
        corpus.rng = prng
        for facts, orig, external in partial_plans:
            if prng.random() < partial_rate:
                doc = _partial(corpus, facts, orig, f"{orig.story}-p01")
                parent = None if external else orig.id
                partials.append((doc, _truth(doc, parent, parent, orig.outlet.canonical)))
        for item in partials:
            docs.insert(prng.randint(0, len(docs)), item)
    documents, truth = [], []
    for doc, row in docs:
        rec = _record(corpus.rng if doc.kind == "partial" else rng, doc)
        if not with_dates:
            rec["published_at"] = None
        documents.append(rec)
        truth.append(row)
    return documents, truth


def _truth(doc: _Doc, parent: str | None, root_id: str | None, root_outlet: str) -> dict:
    return {
        "id": doc.id,
        "story": doc.story,
        "parent_id": parent,
        "root_id": root_id,
        "root_outlet": root_outlet,
        "kind": doc.kind,
        "same_event": None,
        "detail": doc.detail,
    }


# How a newspaper credits the agency copy it used inside its own story.
_PARTIAL_CREDITS = (
    "{o} contributed to this report.",
    "Additional reporting by {o}.",
    "Material from {o} was used in this report.",
    "With reporting from {o}.",
)


def _partial(corpus: _Corpus, facts: Facts, orig: _Doc, doc_id: str) -> _Doc:
    """A newspaper's own story of the event that uses part of the original's paragraphs: 30-70 % of them,
    in order and house-styled, woven between its own paragraphs (its own lede half of the time)."""
    rng = corpus.rng
    theme = THEMES[facts.topic.theme]
    quotes = rng.sample(facts.quotes, k=min(len(facts.quotes), 1))
    quotes += [(rng.randrange(len(facts.people)), _quote_text(rng, theme)) for _ in range(rng.randint(1, 2))]
    own_facts = replace(facts, quotes=quotes, when=rng.choice(_TIMES))
    pool = [
        o
        for o in (*ORIGIN_OUTLETS, *corpus.derived_outlets)
        if o.kind in ("paper", "regional") and o.name != orig.outlet.name
    ]
    outlet = rng.choice(pool)
    _, own = _write_story(rng, own_facts, outlet, dateline=False)
    source = [p for p in orig.body if not _is_credit(p) and len(p.split()) >= 8]
    share = rng.uniform(0.3, 0.7)
    n_used = max(2, round(len(source) * share))
    used = sorted(rng.sample(range(len(source)), n_used))
    if rng.random() < 0.7 and 0 not in used:  # the agency lede is the part most often kept
        used = [0, *used[1:]]
    taken = _house_style([source[i] for i in used], rng)
    own = [p for p in own if len(p.split()) >= 8][: max(2, round(len(own) * (1.0 - share)))]
    lede = own[:1] if rng.random() < 0.5 else []
    rest = own[len(lede) :]
    # Weave: both orders kept, the agency paragraphs spread through the story.
    body = list(lede)
    while taken or rest:
        if taken and (not rest or rng.random() < len(taken) / (len(taken) + len(rest))):
            body.append(taken.pop(0))
        else:
            body.append(rest.pop(0))
    if rng.random() < 0.5:
        alias = rng.choice(OUTLET_ALIASES.get(orig.outlet.canonical, (orig.outlet.name,)))
        body.append(rng.choice(_PARTIAL_CREDITS).replace("{o}", alias))
    doc = _Doc(
        doc_id,
        orig.story,
        outlet,
        _headline(rng, own_facts),
        body,
        orig.published + _delay(rng),
        "partial",
        source=orig,
        detail=f"partial:{n_used}/{len(source)}+{len(own)}",
    )
    if rng.random() < 0.6:
        corpus.wrap(doc, heavy=False)
    return doc


def _negative(corpus: _Corpus, facts: Facts, orig: _Doc, doc_id: str) -> _Doc:
    """An independent story of the same event: same people, numbers and one or two quotes, fresh words."""
    rng = corpus.rng
    quotes = rng.sample(facts.quotes, k=min(len(facts.quotes), rng.randint(1, 2)))
    theme = THEMES[facts.topic.theme]
    # Each reporter gets other quotes besides the shared ones, and a different angle on the event.
    quotes += [(rng.randrange(len(facts.people)), _quote_text(rng, theme)) for _ in range(rng.randint(1, 2))]
    own = replace(facts, quotes=quotes, when=rng.choice(_TIMES))
    pool = [
        o
        for o in (*ORIGIN_OUTLETS, *corpus.derived_outlets)
        if o.kind in ("wire", "paper", "regional") and o.name != orig.outlet.name
    ]
    outlet = rng.choice(pool)
    when = orig.published + timedelta(minutes=rng.randint(-600, 900))
    return _original(corpus, own, doc_id, doc_id, outlet, when, "negative")


# ---------------------------------------------------------------------------------------------------
# How hard is the corpus: similarity of each copy to its parent
# ---------------------------------------------------------------------------------------------------


def _shingle_sets(text: str) -> tuple[set, set]:
    words = re.findall(r"\w+", text.lower())
    flat = " ".join(words)
    word5 = {tuple(words[i : i + 5]) for i in range(max(1, len(words) - 4))}
    char5 = {flat[i : i + 5] for i in range(max(1, len(flat) - 4))}
    return word5, char5


def similarity(a: str, b: str) -> tuple[float, float, float]:
    """(word 5-gram Jaccard, char 5-gram Jaccard, char 5-gram containment of the shorter in the longer).

    Texts are lower-cased and reduced to their word characters joined by single spaces.
    """
    wa, ca = _shingle_sets(a)
    wb, cb = _shingle_sets(b)

    def jac(x: set, y: set) -> float:
        return len(x & y) / len(x | y) if x or y else 0.0

    short, long_ = (ca, cb) if len(ca) <= len(cb) else (cb, ca)
    contain = len(short & long_) / len(short) if short else 0.0
    return jac(wa, wb), jac(ca, cb), contain


def difficulty_profile(documents: list[dict], truth: list[dict]) -> dict[str, dict[str, float]]:
    """Median similarities of each derived doc to its truth parent, by kind (spin split by intensity),
    of hard negatives to their same-event original, and of unrelated same-topic originals.

    Returns ``{group: {"n", "word5_jaccard", "char5_jaccard", "char5_containment"}}``.
    """
    text = {d["id"]: d["text"] for d in documents}
    groups: dict[str, list[tuple[float, float, float]]] = {}
    for row in truth:
        kind, other = row["kind"], row["parent_id"]
        if kind == "negative":
            other = row["same_event"]
        if kind == "spin":
            kind = "spin aggressive" if float(row["detail"].split(":")[1]) > 0.3 else "spin"
        if other in text:
            groups.setdefault(kind, []).append(similarity(text[row["id"]], text[other]))
    originals = sorted(r["id"] for r in truth if r["kind"] == "original")
    # Neighbouring story numbers share a topic most of the time (topics hold 5-10 consecutive stories).
    pairs = [(a, b) for a, b in zip(originals, originals[1:], strict=False)]
    groups["unrelated same-topic originals"] = [similarity(text[a], text[b]) for a, b in pairs]
    out = {}
    for name, values in groups.items():
        cols = list(zip(*values, strict=True)) if values else [(), (), ()]
        out[name] = {
            "n": len(values),
            **{
                k: _median(c)
                for k, c in zip(("word5_jaccard", "char5_jaccard", "char5_containment"), cols, strict=True)
            },
        }
    return out


def _median(values) -> float:
    v = sorted(values)
    if not v:
        return float("nan")
    mid = len(v) // 2
    return v[mid] if len(v) % 2 else (v[mid - 1] + v[mid]) / 2
