#!/usr/bin/env python3
"""Writes frechet-fixture.json: random feature sets and their Frechet distance computed the way
pytorch-fid does (numpy mean, np.cov unbiased, scipy.linalg.sqrtm), as a reference for
frechet-distance.ts. Run: /usr/bin/python3 make-frechet-fixture.py (needs numpy and scipy)."""
import json
import os

import numpy as np
import scipy
from scipy import linalg


def frechet(a, b):
    mu1, mu2 = a.mean(axis=0), b.mean(axis=0)
    s1 = np.atleast_2d(np.cov(a, rowvar=False))
    s2 = np.atleast_2d(np.cov(b, rowvar=False))
    covmean, _ = linalg.sqrtm(s1.dot(s2), disp=False)
    covmean = covmean.real
    diff = mu1 - mu2
    return float(diff.dot(diff) + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean))


def main():
    rng = np.random.default_rng(20240607)
    cases = []
    # (name, nA, nB, d): well-conditioned covariances (n > d), correlated features, shifted means.
    for name, n_a, n_b, d in [('d1', 30, 25, 1), ('d4', 60, 45, 4), ('d16', 64, 48, 16)]:
        mix_a = rng.normal(size=(d, d))
        mix_b = rng.normal(size=(d, d)) * 0.7 + np.eye(d)
        a = rng.normal(size=(n_a, d)) @ mix_a + rng.normal(size=d)
        b = rng.normal(size=(n_b, d)) @ mix_b + rng.normal(size=d) * 2
        # Rounded before the reference is computed, so the JSON holds exactly the inputs used.
        a, b = np.round(a, 6), np.round(b, 6)
        cases.append({
            'name': name,
            'a': a.tolist(),
            'b': b.tolist(),
            'distance': frechet(a, b),
        })
    out = {
        'generatedBy': 'make-frechet-fixture.py',
        'numpy': np.__version__,
        'scipy': scipy.__version__,
        'cases': cases,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'frechet-fixture.json')
    with open(path, 'w') as f:
        json.dump(out, f)
        f.write('\n')
    for case in cases:
        print(case['name'], case['distance'])


if __name__ == '__main__':
    main()
