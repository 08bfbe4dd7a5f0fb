#!/usr/bin/env python3
"""Writes the 6 calibration samples of calibrate.test.

   x             h = x W1       r = relu(h)   y = r W2
   [1, 0, 0]     [1, -1]        [1, 0]        [1, 2]
   [0, 1, 0]     [0.5, 2]       [0.5, 2]      [-5.5, 2]
   [0, 0, 1]     [-1, 0]        [0, 0]        [0, 0]
   [3, 2, -2]    [6, 1]         [6, 1]        [3, 12.5]
   [-2, 0, 0]    [-2, 2]        [0, 2]        [-6, 1]
   [2, 2, 3]     [0, 2]         [0, 2]        [-6, 1]
Ranges: x [-2, 3], r [0, 6], y [-6, 12.5]. The second batch of 4 holds
samples 4, 5, 0, 1: repeating samples changes no range.
"""
import sys

import numpy as np

samples = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [3, 2, -2], [-2, 0, 0],
                    [2, 2, 3]], dtype=np.float32)
np.save(sys.argv[1], samples)
