#ifndef DELTAH_KERNEL_H
#define DELTAH_KERNEL_H

/// Room, in doubles, each of the three buffers of `deltah_residuals` needs for n points: n rounded up
/// to a multiple of 8 (the kernel writes whole groups of four or eight; entries past n are scratch).
#define DELTAH_KERNEL_ROOM(n) ((((n) + 7) / 8) * 8)

/// DELTAH_KERNEL_ROOM as a function (Swift does not import function-like macros).
static inline long deltah_kernel_room(long n) { return DELTAH_KERNEL_ROOM(n); }

/// The part of NTIA's ComputeDeltaH.cpp that touches every point: the profile `z` (np + 1 samples)
/// resampled at the n positions x_j = x_start + j·step (in samples, j = 0…n−1) by linear
/// interpolation, a least-squares line fitted through them (end points half-weighted, as
/// LinearLeastSquaresFit.cpp with unit spacing), and the residuals about it written to `s[0…n)`.
/// The residuals ≥ `upper` are also copied to `above` and those ≤ `lower` to `below`, in index order;
/// their numbers are returned in `*n_above` and `*n_below`.
///
/// Every code path (AVX-512 or AVX2 where the processor has it, plain C elsewhere) does the same
/// floating-point operations in the same order, so the results do not depend on the machine: positions are computed
/// per index (x_start + j·step, no fused multiply-add), and the fit's two sums are kept in four
/// partial sums (j mod 4), added as (p0 + p1) + (p2 + p3).
///
/// Requires n ≥ 2, 0 ≤ x_start and x_start + (n − 1)·step ≤ np + 1 (a last position a hair past the
/// end is read on the last interval); `s`, `above` and `below` hold DELTAH_KERNEL_ROOM(n) doubles.
void deltah_residuals(const double *z, long np, double x_start, double step, long n,
                      double upper, double lower, double *s,
                      double *above, long *n_above, double *below, long *n_below);

/// The same on the plain C path whatever the processor (for tests: both paths must agree bit for bit).
void deltah_residuals_portable(const double *z, long np, double x_start, double step, long n,
                               double upper, double lower, double *s,
                               double *above, long *n_above, double *below, long *n_below);

/// The value at 0-based rank r (0 ≤ r < 8) of the values sign·v[i] (sign ±1) that are under `bound`,
/// largest first, or −∞ when fewer than r + 1 are. The values are taken in four lanes (i mod 4), each
/// keeping its r + 1 largest (rounded up to 1, 2, 4 or 8) in order with branch-free min/max merges;
/// the r-th largest is then taken from the heads of the four sorted lists. Both paths do exactly
/// this, so they agree bit for bit (even on which zero of ±0 they return).
double deltah_ranked(const double *v, long n, long r, double bound, double sign);

/// The same on the plain C path whatever the processor (for tests).
double deltah_ranked_portable(const double *v, long n, long r, double bound, double sign);

/// 1 if `deltah_residuals` takes a vector path (AVX2 or AVX-512) on this processor, else 0.
int deltah_kernel_uses_avx2(void);

/// The path `deltah_residuals` takes here: 2 AVX-512, 1 AVX2, 0 plain C.
int deltah_kernel_level(void);

/// `deltah_residuals` on the path of the given level, or the best one below it this processor has
/// (for tests: every path must give the same bits).
void deltah_residuals_at_level(int level, const double *z, long np, double x_start, double step, long n,
                               double upper, double lower, double *s,
                               double *above, long *n_above, double *below, long *n_below);

#endif
