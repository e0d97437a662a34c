/* spotcheck — the one root finder of the library.  See numeric.h.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <float.h>
#include <math.h>

#include "numeric/numeric.h"

sc_status scn_brent(scn_fn *f, void *ctx, double a, double b, double fa, double fb, double tol,
                    int maxit, double *root)
{
    if (isnan(fa) || isnan(fb))
        return SC_ENOCONV;
    if (fa == 0) {
        *root = a;
        return SC_OK;
    }
    if ((fa > 0) == (fb > 0) && fb != 0)
        return SC_ENOCONV;
    double c = a, fc = fa, d = b - a, e = d;
    for (int iter = 0; iter < maxit; iter++) {
        if ((fb > 0) == (fc > 0) && fb != 0) {
            c = a;
            fc = fa;
            d = e = b - a;
        }
        if (fabs(fc) < fabs(fb)) {
            a = b;
            b = c;
            c = a;
            fa = fb;
            fb = fc;
            fc = fa;
        }
        double tol1 = 2 * DBL_EPSILON * fabs(b) + 0.5 * tol;
        double xm = 0.5 * (c - b);
        if (fabs(xm) <= tol1 || fb == 0) {
            *root = b;
            return SC_OK;
        }
        if (fabs(e) >= tol1 && fabs(fa) > fabs(fb)) {
            /* inverse quadratic interpolation, or the secant when a == c */
            double s = fb / fa, p, q;
            if (a == c) {
                p = 2 * xm * s;
                q = 1 - s;
            } else {
                double qa = fa / fc, r = fb / fc;
                p = s * (2 * xm * qa * (qa - r) - (b - a) * (r - 1));
                q = (qa - 1) * (r - 1) * (s - 1);
            }
            if (p > 0)
                q = -q;
            p = fabs(p);
            double min1 = 3 * xm * q - fabs(tol1 * q), min2 = fabs(e * q);
            if (2 * p < (min1 < min2 ? min1 : min2)) {
                e = d;
                d = p / q;
            } else {
                d = xm;
                e = d;
            }
        } else {
            d = xm;
            e = d;
        }
        a = b;
        fa = fb;
        b += fabs(d) > tol1 ? d : (xm > 0 ? tol1 : -tol1);
        fb = f(b, ctx);
        if (isnan(fb))
            return SC_ENOCONV;
    }
    return SC_ENOCONV;
}
