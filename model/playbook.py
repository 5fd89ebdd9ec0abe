"""The five lessons of the playbook (SPEC §1), each with a preset plan that shows it.

Every figure quoted says where it comes from (reference/xiaomi-facts.md): the source
`article`, the published `record`, or both where they disagree. Every preset input is tagged
`record`, `article` or `assumption` with the reason; a result computed from a preset is an
`assumption` as soon as one input it reads is (the presets are illustrations in the record's
ballpark, not Xiaomi's books).
"""

from __future__ import annotations

from dataclasses import dataclass

from model.fields import FIELDS
from model.plan import Plan
from model.values import Cost

SOURCES = ("article", "record")
TAGS = ("record", "article", "assumption")


@dataclass(frozen=True)
class Tagged:
    """Where a preset input (or a result) comes from: one of TAGS, and why, in words."""

    tag: str
    why: str


@dataclass(frozen=True)
class Figure:
    """One quoted figure: what the source articles say, what the record says, or both."""

    article: str | None = None
    record: str | None = None
    source: str | None = None  # who published the record, and when

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(tag for tag in SOURCES if getattr(self, tag))

    @property
    def text(self) -> str:
        """`100 M phones in 2014 (article) vs 61.12 M (record, Lei Jun, 4 Jan 2015)`."""
        parts = []
        if self.article:
            parts.append(f"{self.article} (article)")
        if self.record:
            parts.append(f"{self.record} (record, {self.source})")
        return " vs ".join(parts)


@dataclass(frozen=True)
class Lesson:
    title: str
    summary: str  # one or two sentences
    plan: Plan  # a preset whose numbers illustrate the lesson
    lens: str  # the model function that shows it: margins, services, ...
    figures: tuple[Figure, ...]
    set_inputs: dict[str, Tagged]  # the inputs the preset sets, with their provenance

    @property
    def inputs(self) -> dict[str, Tagged]:
        """Every plan input with its tag: those the preset leaves are the model's defaults."""
        default = Tagged("assumption", "the model's default")
        return {name: self.set_inputs.get(name, default) for name in FIELDS}

    @property
    def result_tag(self) -> Tagged:
        """The tag of what the lens computes from the preset: no firmer than its inputs."""
        assumed = [name for name, tagged in self.inputs.items() if tagged.tag == "assumption"]
        return Tagged("assumption", f"computed from assumed inputs: {', '.join(assumed)}")


BIN_LIN = "Bin Lin and an analyst on Bloomberg TV, June 2014"

# A phone in the 2014 record's ballpark: average price about $195, launch cost of materials
# at about the price, 3% selling costs, tooling and R&D up front, a ramp to 5 M a month.
PHONE = Plan(
    price=199,
    unit_cost=195,
    tooling=10e6,
    rnd=40e6,
    fixed_monthly=30e6,
    selling_cost=Cost(0.03, "share"),
    learning_rate=0.97,
    reference_volume=500_000,
    launch_volume=500_000,
    peak_volume=5_000_000,
    ramp_months=12,
)
PHONE_INPUTS = {
    "price": Tagged("record", "2014 revenue / units: an average price of about $195"),
    "unit_cost": Tagged("record", f"priced at the cost of the materials ({BIN_LIN})"),
    "tooling": Tagged("assumption", "not in the record"),
    "rnd": Tagged("assumption", "not in the record"),
    "fixed_monthly": Tagged("assumption", "not in the record"),
    "selling_cost": Tagged("assumption", "not in the record"),
    "learning_rate": Tagged(
        "assumption",
        f"chosen so the unit margin is 10-15% after a year, as the record says ({BIN_LIN})",
    ),
    "reference_volume": Tagged("assumption", "the first month's production"),
    "launch_volume": Tagged("assumption", "not in the record"),
    "peak_volume": Tagged("record", "61.12 M phones in 2014: about 5 M a month"),
    "ramp_months": Tagged("assumption", "not in the record"),
}

PLAYBOOK: tuple[Lesson, ...] = (
    Lesson(
        "Quantity with quality, priced at cost",
        "Price the product near what its materials cost and win on volume; quality keeps the "
        "volume coming (weekly software updates from user feedback).",
        PHONE,
        "margins",
        (
            Figure(
                article='phones sold at cost, "as close to the cost of materials as possible"',
                record="priced at the cost of the materials, excluding tooling, R&D and shipping",
                source=BIN_LIN,
            ),
            Figure(
                record="2014 revenue RMB 74.3 B (about $12 B), an average price of about $195",
                source="company figures as reported in 2015",
            ),
            Figure(
                article="a software update every Friday",
                record="weekly Friday updates to a beta user group",
                source=BIN_LIN,
            ),
        ),
        PHONE_INPUTS,
    ),
    Lesson(
        "Lose on hardware, earn on services",
        "Priced at cost, the hardware loses money at launch once tooling, R&D and selling costs "
        "count, and earns only as volume brings costs down over the plan; paid services, "
        "content and accessories add to what each buyer is worth.",
        PHONE.replace(services_arpu=3, paying_share=0.3, services_margin=0.7, retention=0.97),
        "services",
        (
            Figure(
                article="680,000 plush rabbit dolls sold over two years",
                record="not confirmed: the record has only a forecast, about 2 M for 2014",
                source="Quartz, 2014",
            ),
            Figure(
                record="2013 net profit RMB 345.7 M on about RMB 26.6 B revenue: about 1.3%",
                source="GigaOm, 29 Dec 2014",
            ),
            Figure(
                record="since 2018, after-tax net margin on hardware capped at 5%",
                source="Xiaomi, 25 Apr 2018",
            ),
        ),
        PHONE_INPUTS
        | {
            name: Tagged("assumption", "services are not broken out in the record")
            for name in ("services_arpu", "paying_share", "services_margin", "retention")
        },
    ),
    Lesson(
        "Sell direct, skip the ad budget",
        "Selling online with word of mouth instead of retail layers and large ad budgets "
        "keeps the channel's cut and the marketing, and funds a lower shelf price.",
        PHONE.replace(
            unit_cost=185,
            marketing=Cost(0.08, "share"),
            retail_margin=0.065,
            distributor_margin=0.07,
            direct_costs=Cost(0.03, "share"),
        ),
        "direct_sales",
        (
            Figure(
                article="a competitor spent $15 B on marketing",
                record="about $14 B on advertising and marketing in 2013, all Samsung products",
                source="Reuters estimate, Nov 2013",
            ),
            Figure(
                record="traditional brands spend 6-12% of revenue on marketing",
                source="analyst estimates, 2014",
            ),
            Figure(
                record="each distributor layer takes 2-5%, the retailer 5-8%; offline phones "
                "about 20% dearer",
                source="Xiaomi India, 2017",
            ),
        ),
        PHONE_INPUTS
        | {
            "unit_cost": Tagged("assumption", "a cheaper model than lesson 1's"),
            "marketing": Tagged("record", "traditional brands: 6-12% of revenue (analysts, 2014)"),
            "retail_margin": Tagged("record", "the retailer takes 5-8% (Xiaomi India, 2017)"),
            "distributor_margin": Tagged(
                "record", "two distributor layers at 3.5%, each within 2-5% (Xiaomi India, 2017)"
            ),
            "direct_costs": Tagged("assumption", "not in the record"),
        },
    ),
    Lesson(
        "Earn on services once the base is large",
        "Word of mouth grows the user base slowly, then fast; services pay once a critical "
        "share of the market has adopted.",
        PHONE.replace(market_size=400e6, p=0.02, q=0.6, horizon_months=60),
        "growth",
        (
            Figure(
                article="over 100 million smartphones sold in 2014",
                record="61.12 M in 2014 (18.7 M in 2013); 100 M was the 2015 target",
                source="Lei Jun, 4 Jan 2015, reported by Xinhua / People's Daily",
            ),
            Figure(
                article="about 5% share, overtaking Apple in China",
                record="5.3% global share in Q3 2014, third (Samsung 23.8%, Apple 12.0%); "
                "in China it passed Samsung",
                source="IDC Q3 2014",
            ),
            Figure(
                article="valued at more than $46 billion after $1.1 billion of funding, Dec 2014",
                record="a $1.1 B round at a $45 B valuation",
                source="Reuters, 29 Dec 2014",
            ),
        ),
        PHONE_INPUTS
        | {
            "market_size": Tagged("assumption", "not in the record"),
            "p": Tagged("assumption", "word of mouth: a small p (conventions.md: often < 0.01)"),
            "q": Tagged("assumption", "word of mouth: a large q (conventions.md: 0.3-0.5)"),
            "horizon_months": Tagged("assumption", "five years, to show the S-curve"),
        },
    ),
    Lesson(
        "Launch at a loss, reach critical mass",
        "Launch below cost; as volume grows, component costs fall down the learning curve "
        "and later volume is profitable (the record: a 10-15% margin after a year).",
        PHONE.replace(unit_cost=210),
        "critical_mass",
        (
            Figure(
                record="about break-even at launch, a 10-15% margin after a year as component "
                "costs fall",
                source=BIN_LIN,
            ),
        ),
        PHONE_INPUTS | {"unit_cost": Tagged("assumption", "launched below cost to show it")},
    ),
)
