"""What a user types for each lens: one realistic set of options each (tests and benchmarks)."""

LENS_INPUTS = {
    "margin": {"price": "199", "unit_cost": "185", "tooling": "2M", "selling_cost": "4%"},
    "services": {"price": "199", "unit_cost": "205", "services_arpu": "3", "paying_share": "30%"},
    "critical-mass": {"price": "199", "unit_cost": "230", "learning_rate": "85%", "tooling": "2M"},
    "direct-sales": {"price": "199", "unit_cost": "185", "marketing": "8%"},
    "growth": {"market_size": "50M", "p": "0.01", "q": "0.5"},
}
