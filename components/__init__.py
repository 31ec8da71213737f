"""Pure building blocks of the atlas: data loading, filters, aggregations, figures and exports.

Nothing in this package imports Streamlit, so tests and scripts can use it directly.
"""
