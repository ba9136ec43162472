#!/usr/bin/env python3
"""Fit the coefficients of hredd.match_score's logistic model.

Developer tool.  Input: a TSV of (source, label, features-json) rows, the
"features" object of hredd.match_explain for labelled pairs (see
docs/matching.md, "How the score was calibrated").  Output: coefficients and
the F1 at 0.5 per source.  Plain gradient descent with L2 regularisation:
no numpy needed.  Sources are weighted to count equally, so the 112 hard
Open Supply Hub pairs are not drowned by 55,000 Chicago candidate pairs.
"""
import json
import math
import random
import sys

NAMES = ['intercept', 'name_words', 'name_chars', 'address_above', 'address_below',
         'name_num_agree', 'name_num_conflict', 'addr_num_agree', 'addr_num_conflict',
         'country_same']


GATE_WORDS, GATE_CHARS, GATE_FROM, GATE_FULL = 0.5, 0.5, 0.5, 0.8


def features(f):
    """The model's inputs; supporting evidence is gated by the name (see score.c)."""
    frag = f['letter_spaced']
    words = f['name_chars'] if frag else f['name_words']
    chars = f['name_chars']
    n = GATE_WORDS * words + GATE_CHARS * chars
    gate = min(1.0, max(0.0, (n - GATE_FROM) / (GATE_FULL - GATE_FROM)))
    if f['address_words'] is None:
        above = below = 0.0
    else:
        a = max(f['address_words'], f['address_chars'])
        above, below = max(a - 0.5, 0), min(a - 0.5, 0)
    nn, an = f['name_numbers'], f['address_numbers']
    return [1.0, words, chars, gate * above, below, gate * float(nn > 0), float(nn < 0),
            gate * float(an > 0), float(an < 0), gate * float(f['country'] > 0)]


def main():
    rows = []
    rng = random.Random(20261122)
    for line in open(sys.argv[1], encoding='utf-8'):
        src, y, fj = line.rstrip('\n').split('\t')
        # a quarter of the plentiful negatives is plenty (weights balance sources)
        if src == 'chi' and y == '0' and rng.random() > 0.25:
            continue
        rows.append((src, int(y), features(json.loads(fj))))
    count = {}
    for s, _, _ in rows:
        count[s] = count.get(s, 0) + 1
    weight = {s: len(rows) / (len(count) * c) for s, c in count.items()}
    w = [0.0] * len(NAMES)
    lam, lr = 1e-3, 0.5
    for it in range(4000):
        grad = [0.0] * len(w)
        total = 0.0
        for s, y, x in rows:
            z = sum(a * b for a, b in zip(w, x))
            p = 1 / (1 + math.exp(-max(-30, min(30, z))))
            g = (p - y) * weight[s]
            total += weight[s]
            for i, xi in enumerate(x):
                grad[i] += g * xi
        for i in range(len(w)):
            w[i] -= lr * (grad[i] / total + (lam * w[i] if i else 0))
    for n, v in zip(NAMES, w):
        print('%-18s %8.3f' % (n, v))
    for src in sorted(count):
        tp = fp = fn = 0
        for s, y, x in rows:
            if s != src:
                continue
            z = sum(a * b for a, b in zip(w, x))
            if z >= 0 and y:
                tp += 1
            elif z >= 0:
                fp += 1
            elif y:
                fn += 1
        p = tp / (tp + fp) if tp + fp else 0
        r = tp / (tp + fn) if tp + fn else 0
        print('%s: precision %.3f recall %.3f F1 %.3f' % (src, p, r, 2 * p * r / (p + r) if p + r else 0))


if __name__ == '__main__':
    main()
