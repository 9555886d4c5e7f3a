// Δh's per-point work (NTIA ComputeDeltaH.cpp), vectorised with AVX2 where the processor has it.
// See include/deltah_kernel.h for what is computed; both paths below do the same operations in the
// same order (no contraction into fused multiply-adds), so they give the same bits.

#include "deltah_kernel.h"

#include <math.h>
#include <stdatomic.h>
#include <stdint.h>

#pragma STDC FP_CONTRACT OFF
#if defined(__clang__)
#pragma clang fp contract(off)
#endif

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#define DELTAH_X86 1
#endif

/// The least-squares line through s[0…n) with unit spacing and half-weighted end points (NTIA
/// LinearLeastSquaresFit.cpp over the resampled points), from Σs and Σj·s: its height at j = 0 (y1)
/// and its rise per point (y2).
static void fit_line(double sum0, double sum1, double first, double last, long n, double *y1, double *y2) {
    double length = (double)(n - 1);
    double mid_shifted_end = length - 0.5 * length;
    double interior = sum0 - 0.5 * (first + last);
    double sum_y = interior / length;
    double scaled = (sum1 - 0.5 * length * last - 0.5 * length * interior) * 12.0 / ((length * length + 2.0) * length);
    *y1 = sum_y - scaled * mid_shifted_end;
    *y2 = (sum_y + scaled * (length - mid_shifted_end) - *y1) / length;
}

/// fit_line from the four partial sums of Σs (p0) and Σj·s (p1), added as (p0 + p1) + (p2 + p3) on every path.
static void fit_partials(const double p0[4], const double p1[4], const double *s, long n, double *y1, double *y2) {
    fit_line((p0[0] + p0[1]) + (p0[2] + p0[3]), (p1[0] + p1[1]) + (p1[2] + p1[3]), s[0], s[n - 1], n, y1, y2);
}

/// The interpolated profile at point j (0 past the last point, so that it adds nothing to the sums).
static inline double resampled(const double *z, double np_minus_1, double x_start, double step, long j, long n) {
    if (j >= n) return 0.0;
    double x = x_start + (double)j * step;
    double k = trunc(x);
    if (k > np_minus_1) k = np_minus_1;
    double t = x - k;
    long i = (long)k;
    double a = z[i];
    return a + (z[i + 1] - a) * t;
}

void deltah_residuals_portable(const double *z, long np, double x_start, double step, long n,
                               double upper, double lower, double *s,
                               double *above, long *n_above, double *below, long *n_below) {
    double np_minus_1 = (double)(np - 1);
    long room = DELTAH_KERNEL_ROOM(n);
    double p0[4] = {0, 0, 0, 0}, p1[4] = {0, 0, 0, 0};
    for (long j = 0; j < room; j += 4) {
        for (int lane = 0; lane < 4; lane++) {
            double v = resampled(z, np_minus_1, x_start, step, j + lane, n);
            s[j + lane] = v;
            p0[lane] = p0[lane] + v;
            p1[lane] = p1[lane] + (double)(j + lane) * v;
        }
    }
    double y1, y2;
    fit_partials(p0, p1, s, n, &y1, &y2);
    long na = 0, nb = 0;
    for (long j = 0; j < n; j++) {
        double r = s[j] - (y1 + (double)j * y2);
        s[j] = r;
        above[na] = r;
        na += r >= upper;
        below[nb] = r;
        nb += r <= lower;
    }
    *n_above = na;
    *n_below = nb;
}

/// max and min as AVX2's vmaxpd/vminpd compute them: the second operand unless the first is greater
/// (smaller).
static inline double max_pd(double a, double b) { return a > b ? a : b; }
static inline double min_pd(double a, double b) { return a < b ? a : b; }

/// Slots kept per lane for rank r: r + 1 rounded up to 1, 2, 4 or 8.
static inline int ranked_slots(long r) { return r == 0 ? 1 : r == 1 ? 2 : r < 4 ? 4 : 8; }

/// Merges x into the descending list k[0…slots): k_i ← max(k_i, min(k_(i−1), x)) from the last one up,
/// then k_0 ← max(k_0, x).
static inline void ranked_merge(double *k, int slots, double x) {
    for (int i = slots - 1; i > 0; i--) k[i] = max_pd(k[i], min_pd(k[i - 1], x));
    k[0] = max_pd(k[0], x);
}

/// The final step of both paths: the r-th largest of the four lanes' descending lists
/// (lanes[slot][lane], `slots` long), by taking the largest head r + 1 times (the lowest lane on ties).
static double ranked_lanes(double lanes[8][4], int slots, long r) {
    int head[4] = {0, 0, 0, 0};
    double value = -INFINITY;
    for (long taken = 0; taken <= r; taken++) {
        int best = 0;
        value = head[0] < slots ? lanes[head[0]][0] : -INFINITY;
        for (int lane = 1; lane < 4; lane++) {
            double v = head[lane] < slots ? lanes[head[lane]][lane] : -INFINITY;
            if (v > value) { value = v; best = lane; }
        }
        head[best]++;
    }
    return value;
}

double deltah_ranked_portable(const double *v, long n, long r, double bound, double sign) {
    int slots = ranked_slots(r);
    double lanes[8][4];
    for (int i = 0; i < 8; i++)
        for (int lane = 0; lane < 4; lane++) lanes[i][lane] = -INFINITY;
    for (long i = 0; i < n; i++) {
        double x = sign * v[i];
        double c = x < bound ? x : -INFINITY;
        double k[8];
        for (int s = 0; s < slots; s++) k[s] = lanes[s][i & 3];
        ranked_merge(k, slots, c);
        for (int s = 0; s < slots; s++) lanes[s][i & 3] = k[s];
    }
    return ranked_lanes(lanes, slots, r);
}

#if DELTAH_X86

/// For a 4-bit mask of selected doubles, the 32-bit lanes that move them to the front, in order.
static const int32_t compress_lanes[16][8] = {
    {0, 0, 0, 0, 0, 0, 0, 0},
    {0, 1, 0, 0, 0, 0, 0, 0},
    {2, 3, 0, 0, 0, 0, 0, 0},
    {0, 1, 2, 3, 0, 0, 0, 0},
    {4, 5, 0, 0, 0, 0, 0, 0},
    {0, 1, 4, 5, 0, 0, 0, 0},
    {2, 3, 4, 5, 0, 0, 0, 0},
    {0, 1, 2, 3, 4, 5, 0, 0},
    {6, 7, 0, 0, 0, 0, 0, 0},
    {0, 1, 6, 7, 0, 0, 0, 0},
    {2, 3, 6, 7, 0, 0, 0, 0},
    {0, 1, 2, 3, 6, 7, 0, 0},
    {4, 5, 6, 7, 0, 0, 0, 0},
    {0, 1, 4, 5, 6, 7, 0, 0},
    {2, 3, 4, 5, 6, 7, 0, 0},
    {0, 1, 2, 3, 4, 5, 6, 7},
};

/// fit_partials from the partial sums held in vectors.
__attribute__((target("avx2")))
static inline void fit_vectors(__m256d p0, __m256d p1, const double *s, long n, double *y1, double *y2) {
    double q0[4], q1[4];
    _mm256_storeu_pd(q0, p0);
    _mm256_storeu_pd(q1, p1);
    fit_partials(q0, q1, s, n, y1, y2);
}

__attribute__((target("avx2")))
static inline long compress_store(double *out, __m256d v, int mask) {
    __m256i lanes = _mm256_loadu_si256((const __m256i *)compress_lanes[mask]);
    _mm256_storeu_pd(out, _mm256_castps_pd(_mm256_permutevar8x32_ps(_mm256_castpd_ps(v), lanes)));
    return __builtin_popcount((unsigned)mask);
}

__attribute__((target("avx2")))
static void deltah_residuals_avx2(const double *z, long np, double x_start, double step, long n,
                                  double upper, double lower, double *s,
                                  double *above, long *n_above, double *below, long *n_below) {
    const __m256d last_pair = _mm256_set1_pd((double)(np - 1));
    const __m256d start = _mm256_set1_pd(x_start), steps = _mm256_set1_pd(step), four = _mm256_set1_pd(4.0);
    const __m256d count = _mm256_set1_pd((double)n);
    __m256d j = _mm256_setr_pd(0, 1, 2, 3);
    __m256d p0 = _mm256_setzero_pd(), p1 = _mm256_setzero_pd();
    long room = DELTAH_KERNEL_ROOM(n);
    for (long i = 0; i < room; i += 4) {
        __m256d x = _mm256_add_pd(start, _mm256_mul_pd(j, steps));
        __m256d k = _mm256_min_pd(_mm256_round_pd(x, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC), last_pair);
        __m256d t = _mm256_sub_pd(x, k);
        __m128i index = _mm256_cvttpd_epi32(k);
        __m256d a = _mm256_i32gather_pd(z, index, 8);
        __m256d b = _mm256_i32gather_pd(z + 1, index, 8);
        __m256d v = _mm256_add_pd(a, _mm256_mul_pd(_mm256_sub_pd(b, a), t));
        v = _mm256_and_pd(v, _mm256_cmp_pd(j, count, _CMP_LT_OQ));  // 0 past the last point
        _mm256_storeu_pd(s + i, v);
        p0 = _mm256_add_pd(p0, v);
        p1 = _mm256_add_pd(p1, _mm256_mul_pd(j, v));
        j = _mm256_add_pd(j, four);
    }
    double y1, y2;
    fit_vectors(p0, p1, s, n, &y1, &y2);

    const __m256d line0 = _mm256_set1_pd(y1), rise = _mm256_set1_pd(y2);
    const __m256d up = _mm256_set1_pd(upper), low = _mm256_set1_pd(lower);
    j = _mm256_setr_pd(0, 1, 2, 3);
    long na = 0, nb = 0;
    for (long i = 0; i < room; i += 4) {
        __m256d r = _mm256_sub_pd(_mm256_loadu_pd(s + i), _mm256_add_pd(line0, _mm256_mul_pd(j, rise)));
        _mm256_storeu_pd(s + i, r);
        int valid = i + 4 <= n ? 0xF : i >= n ? 0 : (1 << (n - i)) - 1;
        na += compress_store(above + na, r, _mm256_movemask_pd(_mm256_cmp_pd(r, up, _CMP_GE_OQ)) & valid);
        nb += compress_store(below + nb, r, _mm256_movemask_pd(_mm256_cmp_pd(r, low, _CMP_LE_OQ)) & valid);
        j = _mm256_add_pd(j, four);
    }
    *n_above = na;
    *n_below = nb;
}

__attribute__((target("avx2")))
static double deltah_ranked_avx2(const double *v, long n, long r, double bound, double sign) {
    int slots = ranked_slots(r);
    const __m256d none = _mm256_set1_pd(-INFINITY), under = _mm256_set1_pd(bound), sg = _mm256_set1_pd(sign);
    __m256d k0 = none, k1 = none, k2 = none, k3 = none, k4 = none, k5 = none, k6 = none, k7 = none;
    for (long i = 0; i < n; i += 4) {
        __m256d x;
        if (i + 4 <= n) {
            x = _mm256_mul_pd(sg, _mm256_loadu_pd(v + i));
        } else {
            double t[4] = {-INFINITY, -INFINITY, -INFINITY, -INFINITY};
            for (long lane = 0; lane < n - i; lane++) t[lane] = sign * v[i + lane];
            x = _mm256_loadu_pd(t);
        }
        // c = x < bound ? x : −∞ (the padding is −∞ either way).
        __m256d c = _mm256_blendv_pd(none, x, _mm256_cmp_pd(x, under, _CMP_LT_OQ));
        switch (slots) {
        case 8:
            k7 = _mm256_max_pd(k7, _mm256_min_pd(k6, c));
            k6 = _mm256_max_pd(k6, _mm256_min_pd(k5, c));
            k5 = _mm256_max_pd(k5, _mm256_min_pd(k4, c));
            k4 = _mm256_max_pd(k4, _mm256_min_pd(k3, c));
            /* fall through */
        case 4:
            k3 = _mm256_max_pd(k3, _mm256_min_pd(k2, c));
            k2 = _mm256_max_pd(k2, _mm256_min_pd(k1, c));
            /* fall through */
        case 2:
            k1 = _mm256_max_pd(k1, _mm256_min_pd(k0, c));
            /* fall through */
        default:
            k0 = _mm256_max_pd(k0, c);
        }
    }
    double lanes[8][4];
    _mm256_storeu_pd(lanes[0], k0); _mm256_storeu_pd(lanes[1], k1); _mm256_storeu_pd(lanes[2], k2); _mm256_storeu_pd(lanes[3], k3);
    _mm256_storeu_pd(lanes[4], k4); _mm256_storeu_pd(lanes[5], k5); _mm256_storeu_pd(lanes[6], k6); _mm256_storeu_pd(lanes[7], k7);
    return ranked_lanes(lanes, slots, r);
}

/// The same as deltah_residuals_avx2, eight points at a time: the positions, interpolation and
/// residuals per point as there, the residuals beyond the bounds stored with AVX-512's compress, and
/// the fit's sums still kept in the four partial sums j mod 4, each eight points added as their
/// lower four then their upper four — the order of the AVX2 path, so the same bits.
__attribute__((target("avx512f")))
static void deltah_residuals_avx512(const double *z, long np, double x_start, double step, long n,
                                    double upper, double lower, double *s,
                                    double *above, long *n_above, double *below, long *n_below) {
    const __m512d last_pair = _mm512_set1_pd((double)(np - 1));
    const __m512d start = _mm512_set1_pd(x_start), steps = _mm512_set1_pd(step), eight = _mm512_set1_pd(8.0);
    const __m512d count = _mm512_set1_pd((double)n);
    __m512d j = _mm512_setr_pd(0, 1, 2, 3, 4, 5, 6, 7);
    __m256d p0 = _mm256_setzero_pd(), p1 = _mm256_setzero_pd();
    long room = DELTAH_KERNEL_ROOM(n);
    for (long i = 0; i < room; i += 8) {
        __m512d x = _mm512_add_pd(start, _mm512_mul_pd(j, steps));
        __m512d k = _mm512_min_pd(_mm512_roundscale_pd(x, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC), last_pair);
        __m512d t = _mm512_sub_pd(x, k);
        __m256i index = _mm512_cvttpd_epi32(k);
        __m512d a = _mm512_i32gather_pd(index, z, 8);
        __m512d b = _mm512_i32gather_pd(index, z + 1, 8);
        __m512d v = _mm512_add_pd(a, _mm512_mul_pd(_mm512_sub_pd(b, a), t));
        v = _mm512_maskz_mov_pd(_mm512_cmp_pd_mask(j, count, _CMP_LT_OQ), v);  // 0 past the last point
        _mm512_storeu_pd(s + i, v);
        __m256d lo = _mm512_castpd512_pd256(v), hi = _mm512_extractf64x4_pd(v, 1);
        __m256d jlo = _mm512_castpd512_pd256(j), jhi = _mm512_extractf64x4_pd(j, 1);
        p0 = _mm256_add_pd(p0, lo);
        p1 = _mm256_add_pd(p1, _mm256_mul_pd(jlo, lo));
        p0 = _mm256_add_pd(p0, hi);
        p1 = _mm256_add_pd(p1, _mm256_mul_pd(jhi, hi));
        j = _mm512_add_pd(j, eight);
    }
    double y1, y2;
    fit_vectors(p0, p1, s, n, &y1, &y2);

    const __m512d line0 = _mm512_set1_pd(y1), rise = _mm512_set1_pd(y2);
    const __m512d up = _mm512_set1_pd(upper), low = _mm512_set1_pd(lower);
    j = _mm512_setr_pd(0, 1, 2, 3, 4, 5, 6, 7);
    long na = 0, nb = 0;
    for (long i = 0; i < room; i += 8) {
        __m512d r = _mm512_sub_pd(_mm512_loadu_pd(s + i), _mm512_add_pd(line0, _mm512_mul_pd(j, rise)));
        _mm512_storeu_pd(s + i, r);
        __mmask8 valid = i + 8 <= n ? (__mmask8)0xFF : (__mmask8)((1u << (n - i)) - 1);
        __mmask8 ma = _mm512_mask_cmp_pd_mask(valid, r, up, _CMP_GE_OQ);
        __mmask8 mb = _mm512_mask_cmp_pd_mask(valid, r, low, _CMP_LE_OQ);
        _mm512_mask_compressstoreu_pd(above + na, ma, r);
        _mm512_mask_compressstoreu_pd(below + nb, mb, r);
        na += __builtin_popcount((unsigned)ma);
        nb += __builtin_popcount((unsigned)mb);
        j = _mm512_add_pd(j, eight);
    }
    *n_above = na;
    *n_below = nb;
}

/// What the processor and the operating system support: 2 for AVX-512F (with AVX2), 1 for AVX2 only
/// (CPUID leaf 7 and the YMM state in XCR0), 0 for neither.
static int detect_level(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    if (!(c & (1u << 27)) || !(c & (1u << 28))) return 0;  // OSXSAVE, AVX
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 6) != 6) return 0;  // XMM and YMM state enabled by the OS
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    if (!(b & (1u << 5))) return 0;
    // AVX-512 Foundation (leaf 7 EBX bit 16) with the opmask and ZMM state enabled (XCR0 bits 5–7).
    return (b & (1u << 16)) && (lo & 0xE0) == 0xE0 ? 2 : 1;
}

#endif

int deltah_kernel_level(void) {
#if DELTAH_X86
    static _Atomic int known = -1;  // every thread that finds it unset computes the same value
    int v = atomic_load_explicit(&known, memory_order_relaxed);
    if (v < 0) {
        v = detect_level();
        atomic_store_explicit(&known, v, memory_order_relaxed);
    }
    return v;
#else
    return 0;
#endif
}

int deltah_kernel_uses_avx2(void) { return deltah_kernel_level() >= 1; }

void deltah_residuals_at_level(int level, const double *z, long np, double x_start, double step, long n,
                               double upper, double lower, double *s,
                               double *above, long *n_above, double *below, long *n_below) {
    int supported = deltah_kernel_level();
    if (level > supported) level = supported;
#if DELTAH_X86
    if (level == 2) {
        deltah_residuals_avx512(z, np, x_start, step, n, upper, lower, s, above, n_above, below, n_below);
        return;
    }
    if (level == 1) {
        deltah_residuals_avx2(z, np, x_start, step, n, upper, lower, s, above, n_above, below, n_below);
        return;
    }
#endif
    deltah_residuals_portable(z, np, x_start, step, n, upper, lower, s, above, n_above, below, n_below);
}

void deltah_residuals(const double *z, long np, double x_start, double step, long n,
                      double upper, double lower, double *s,
                      double *above, long *n_above, double *below, long *n_below) {
    deltah_residuals_at_level(2, z, np, x_start, step, n, upper, lower, s, above, n_above, below, n_below);
}

double deltah_ranked(const double *v, long n, long r, double bound, double sign) {
#if DELTAH_X86
    if (deltah_kernel_level() >= 1) return deltah_ranked_avx2(v, n, r, bound, sign);
#endif
    return deltah_ranked_portable(v, n, r, bound, sign);
}
