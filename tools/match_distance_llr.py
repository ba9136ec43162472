#!/usr/bin/env python3
"""The distance bands of the match score, derived (docs/matching.md, "Distance").

For two precise points (more than two decimals, not flagged inexact) the score
adds ln(P(distance band | same facility) / P(distance band | different
facilities)).  Both distributions are stated here as mixtures; the script
prints each band's probability under both and the log-likelihood ratio, which
src/match/score.c (MatchDistanceTerm) carries rounded to 0.1.

Run: python3 tools/match_distance_llr.py
"""
import math

R_SEARCH = 2.0          # km: the area a candidate pair comes from
FAR = 1000.0            # km: the widest spread considered


def rayleigh(sigma):
    """Distance of two points whose offsets are Gaussian, sigma km per axis."""
    return lambda d: 1 - math.exp(-d * d / (2 * sigma * sigma))


def disc(radius):
    """Uniform over a disc: the density grows with the distance (2d / r^2)."""
    return lambda d: min(d, radius) ** 2 / radius ** 2


def log_uniform(lo, hi):
    """Spread evenly over the scales from lo to hi km."""
    return lambda d: 0.0 if d <= lo else (1.0 if d >= hi else math.log(d / lo) / math.log(hi / lo))


# same facility: geocoding error of two precise points
SAME = [
    (0.895, rayleigh(0.050)),       # two geocoders, one site: 50 m per axis (median 59 m, 86 % within 100 m)
    (0.080, rayleigh(0.150)),       # a large site geocoded at two of its points (gate, centroid, two buildings)
    (0.015, disc(R_SEARCH)),        # a point that looks precise but is street- or postcode-level
    (0.010, log_uniform(R_SEARCH, FAR)),  # a blunder: wrong town, digits mistyped
]
# different facilities among candidate pairs (similar names, hard negatives included)
DIFF = [
    (0.10, rayleigh(0.075)),        # one building or industrial park: two companies side by side
    (0.45, disc(R_SEARCH)),         # the chain's other branch, the group's other plant: anywhere in the area
    (0.45, log_uniform(R_SEARCH, FAR)),   # the same name in another town
]
BANDS = [0.1, 0.2, 0.3, 0.6, 1.0, 1.5, 2.0, 5.0, 25.0, math.inf]


def cdf(mix, d):
    return sum(w * f(d) for w, f in mix) if d != math.inf else 1.0


def main():
    lo = 0.0
    print("%-14s %10s %10s %8s" % ("band (km)", "P(same)", "P(diff)", "LLR"))
    for hi in BANDS:
        ps = cdf(SAME, hi) - cdf(SAME, lo)
        pd = cdf(DIFF, hi) - cdf(DIFF, lo)
        print("%-14s %10.5f %10.5f %8.2f" % ("%g-%g" % (lo, hi), ps, pd, math.log(ps / pd)))
        lo = hi


if __name__ == "__main__":
    main()
