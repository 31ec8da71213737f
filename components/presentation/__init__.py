"""Layer 4, presentation: what a reader sees, built from analysis results (figures, text, files to download).

May import: core, tables, analysis. Never Streamlit (that is ui/).

- ``chart_spec`` (house style and the figure spec), ``figures`` (charts), ``maps`` (the world map),
  ``chart_text`` (each chart's one-sentence text alternative), ``prisma_diagram``;
- ``page_content``: what a page shows, computed once per evidence and language;
- ``story_steps``, ``story`` (the policy story step by step), ``story_file`` (the offline HTML file);
- ``exports`` (CSV, HTML pieces), ``citations`` (BibTeX and RIS), ``handouts`` (story handout, country brief).
"""

__all__ = [
    "chart_spec",
    "chart_text",
    "citations",
    "exports",
    "figures",
    "handouts",
    "maps",
    "page_content",
    "prisma_diagram",
    "story",
    "story_file",
    "story_steps",
]
