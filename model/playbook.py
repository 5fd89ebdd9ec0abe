"""The five lessons of the playbook (SPEC §1), each with a preset plan that shows it.

Every figure quoted says where it comes from (reference/xiaomi-facts.md): the source
`article`, the published `record`, or both where they disagree. The presets are
illustrations in the record's ballpark, not Xiaomi's books.
"""

from __future__ import annotations

from dataclasses import dataclass

from model.plan import Plan
from model.values import Cost

SOURCES = ("article", "record")


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


# A phone in the 2014 record's ballpark: average price about $195, launch cost of materials
# at about the price, 3% selling costs, tooling and R&D up front, a ramp to 5 M a month.
PHONE = Plan(
    price=199,
    unit_cost=195,
    tooling=10e6,
    rnd=40e6,
    fixed_monthly=30e6,
    selling_cost=Cost(0.03, "share"),
    learning_rate=0.96,
    launch_volume=500_000,
    peak_volume=5_000_000,
    ramp_months=12,
)

BIN_LIN = "Bin Lin and an analyst on Bloomberg TV, June 2014"

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
    ),
    Lesson(
        "Lose on hardware, earn on services",
        "Once tooling, R&D and selling costs are counted the hardware loses money; paid "
        "services, content and accessories repay it over each buyer's lifetime.",
        PHONE.replace(services_arpu=3, paying_share=0.3, services_margin=0.7, retention=0.97),
        "services",
        (
            Figure(
                article="680,000 plush rabbit dolls sold over two years",
                record="not confirmed; about 2 M expected for 2014",
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
    ),
    Lesson(
        "Sell direct, skip the ad budget",
        "Selling online with word of mouth instead of retail layers and large ad budgets "
        "keeps the channel's cut and the marketing, and funds a lower shelf price.",
        PHONE.replace(
            unit_cost=185,
            marketing=Cost(0.08, "share"),
            retail_margin=0.07,
            distributor_margin=0.04,
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
    ),
    Lesson(
        "Launch at a loss, reach critical mass",
        "Launch below cost; after 6-12 months volume reaches critical mass, component costs "
        "have fallen down the learning curve, and later volume is profitable.",
        PHONE.replace(unit_cost=210),
        "critical_mass",
        (
            Figure(
                record="about break-even at launch, a 10-15% margin after a year as component "
                "costs fall",
                source=BIN_LIN,
            ),
        ),
    ),
)
