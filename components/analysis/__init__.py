"""Layer 3, analysis: pure computations on checked tables (frames in, frames or numbers out; no drawing).

May import: core, tables.

- ``filters``: the shared filters (one FilterSpec per filter), their link values and the selection;
- ``aggregations``: shares and counts by driver, cadre, decade, status, country and corridor;
- ``policy_coverage``: how far the evidence answers each policy option;
- ``prisma``: the PRISMA 2020 counts; ``reliability``: agreement of the second coding (Cohen's kappa).
"""

__all__ = ["aggregations", "filters", "policy_coverage", "prisma", "reliability"]
