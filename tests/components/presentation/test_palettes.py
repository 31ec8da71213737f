"""Every palette in the figures stays readable with colour-vision deficiency.

Each colour is simulated under full protanopia, deuteranopia and tritanopia (Machado, Oliveira & Fernandes 2009,
as implemented by colorspacious) and compared in CAM02-UCS: categorical colours must stay at least
MIN_DISTANCE apart, and each sequential scale must keep getting darker from one stop to the next.
"""

from itertools import combinations

import numpy as np
import pytest
from colorspacious import cspace_convert, deltaE
from plotly.colors import hex_to_rgb, unlabel_rgb

from components.presentation import chart_spec, figures, policy_charts

VISION = ("normal", "protanomaly", "deuteranomaly", "tritanomaly")  # severity 100: the -opia forms
# CAM02-UCS distance: about 1 is a just-noticeable difference between patches side by side; 10 tells two series
# apart at a glance in a legend.
MIN_DISTANCE = 10
CATEGORICAL_PALETTES = {
    "categorical (series, trend lines)": chart_spec.CATEGORICAL,
    "driver level": tuple(chart_spec.LEVEL_COLOURS.values()),
    "migration status": tuple(chart_spec.STATUS_COLOURS.values()),
    "policy findings": tuple(policy_charts.FINDING_COLOURS.values()),
}
SEQUENTIAL_SCALES = {
    "sequential (maps)": chart_spec.SEQUENTIAL,
    "sequential with text (heatmaps)": chart_spec.SEQUENTIAL_TEXT,
    "small groups (heatmaps)": chart_spec.SMALL_N_SCALE,
}


def srgb(colour: str) -> np.ndarray:
    return np.array(hex_to_rgb(colour) if colour.startswith("#") else unlabel_rgb(colour)) / 255


def seen(colour: str, vision: str) -> np.ndarray:
    rgb = srgb(colour)
    if vision == "normal":
        return rgb
    space = {"name": "sRGB1+CVD", "cvd_type": vision, "severity": 100}
    return np.clip(cspace_convert(rgb, space, "sRGB1"), 0, 1)


def closest_pair(palette, vision: str) -> tuple[float, str, str]:
    return min(
        (float(deltaE(seen(a, vision), seen(b, vision), input_space="sRGB1", uniform_space="CAM02-UCS")), a, b)
        for a, b in combinations(palette, 2)
    )


@pytest.mark.parametrize("vision", VISION)
@pytest.mark.parametrize("name", CATEGORICAL_PALETTES)
def test_categorical_palette_colours_stay_apart(name, vision):
    distance, a, b = closest_pair(CATEGORICAL_PALETTES[name], vision)
    assert distance >= MIN_DISTANCE, f"{name}, {vision}: {a} and {b} are {distance:.1f} apart"


@pytest.mark.parametrize("vision", VISION)
@pytest.mark.parametrize("name", SEQUENTIAL_SCALES)
def test_sequential_scale_lightness_falls_monotonically(name, vision):
    scale = SEQUENTIAL_SCALES[name]
    lightness = [cspace_convert(seen(colour, vision), "sRGB1", "CAM02-UCS")[0] for _, colour in scale]
    steps = np.diff(lightness)
    assert (steps < 0).all(), f"{name}, {vision}: lightness {np.round(lightness, 1).tolist()}"


def test_the_simulation_catches_a_palette_that_fails():
    """Red against green, the classic trap, is told apart with normal vision but not under deuteranopia."""
    red_green = ("#b2182b", "#1b7837")
    assert closest_pair(red_green, "normal")[0] >= MIN_DISTANCE
    assert closest_pair(red_green, "deuteranomaly")[0] < MIN_DISTANCE


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two sRGB colours."""

    def luminance(colour: str) -> float:
        c = srgb(colour)
        c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
        return float(c @ [0.2126, 0.7152, 0.0722])

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("finding", policy_charts.FINDING_COLOURS)
def test_numbers_printed_on_finding_markers_meet_aa_contrast(finding):
    text = policy_charts.FINDING_TEXT.get(finding, "#1a1a1a")
    assert contrast(text, policy_charts.FINDING_COLOURS[finding]) >= 4.5


def test_text_inside_charts_meets_aa_contrast(small):
    """Tick labels, axis and colour-bar titles, legends and annotations are drawn in CHART_TEXT, at least 4.5:1 on
    the white page (the charts' own background is transparent)."""
    from components.analysis.aggregations import driver_share_by_cadre, driver_shares, review_comparison

    assert contrast(chart_spec.CHART_TEXT, "#ffffff") >= 4.5
    ranking = figures.driver_ranking(driver_shares(small), review_comparison(small), "t")
    heatmap = figures.driver_heatmap(driver_share_by_cadre(small), "t")
    for fig in (ranking, heatmap):
        layout = fig.layout
        assert layout.font.color == chart_spec.CHART_TEXT
        for axis in (layout.xaxis, layout.yaxis):
            assert axis.tickfont.color == chart_spec.CHART_TEXT and axis.title.font.color == chart_spec.CHART_TEXT
        for annotation in layout.annotations:
            assert contrast(annotation.font.color or chart_spec.CHART_TEXT, "#ffffff") >= 4.5
    colorbar = heatmap.data[0].colorbar
    assert colorbar.tickfont.color == chart_spec.CHART_TEXT and colorbar.title.font.color == chart_spec.CHART_TEXT
