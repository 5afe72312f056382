/*
 * The C reference of the update-step benchmark (dev.nos.bench.CReference): the work of PowerSign, AddSign and
 * Adam on FLOAT arrays as one fused loop each, and of the rule `clip(g, 1e-3) * exp(ld * sign(m)) + rmsprop`
 * (rule-2slot of the benchmark: two state slots, a clip, a decay, a select), single-threaded, compiled with
 * gcc -O3 -march=native.
 * Each step overwrites g with the update, as the Java updaters do.
 *
 * Protocol on stdin/stdout, one line each:
 *   init SIZE          -> "ok"             allocates g, m, v (g standard-normal-ish, m and v zero)
 *   run KERNEL STEPS   -> "NANOS"          runs STEPS steps of powersign|addsign|adam|2slot, prints the elapsed time
 *   quit
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static float *g, *m, *v;
static long n;
static long t;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void init(long size) {
    free(g); free(m); free(v);
    n = size;
    g = aligned_alloc(64, ((n * sizeof(float) + 63) / 64) * 64);
    m = aligned_alloc(64, ((n * sizeof(float) + 63) / 64) * 64);
    v = aligned_alloc(64, ((n * sizeof(float) + 63) / 64) * 64);
    unsigned long s = 88172645463325252UL;
    for (long i = 0; i < n; i++) {
        s ^= s << 13; s ^= s >> 7; s ^= s << 17;
        g[i] = (float) ((double) (s >> 11) * 0x1p-53 * 2.0 - 1.0);
        m[i] = 0.0f;
        v[i] = 0.0f;
    }
    t = 0;
}

/* A(s) g with A a 3-way table of s = sign(g) sign(m); NaN m selects NaN */
static void sign_step(float pos, float neg, float zero, float lr, float beta) {
    const float b1 = 1.0f - beta;
    const float lp = lr * pos, ln = lr * neg, lz = lr * zero;
    for (long i = 0; i < n; i++) {
        float gi = g[i];
        float mi = beta * m[i] + b1 * gi;
        m[i] = mi;
        float s = (float) ((gi > 0) - (gi < 0)) * (float) ((mi > 0) - (mi < 0));
        float a = s > 0 ? lp : (s < 0 ? ln : lz);
        a = mi != mi ? NAN : a;
        g[i] = a * gi;
    }
}

static void powersign(void) {
    sign_step(expf(1.0f), expf(-1.0f), 1.0f, 0.1f, 0.9f);
}

static void addsign(void) {
    sign_step(2.0f, 0.0f, 1.0f, 0.1f, 0.9f);
}

static void adam(void) {
    const float lr = 1e-3f, b1 = 0.9f, b2 = 0.999f, eps = 1e-8f;
    const float bc1 = (float) (1.0 - pow(0.9, t + 1)), bc2 = (float) (1.0 - pow(0.999, t + 1));
    for (long i = 0; i < n; i++) {
        float gi = g[i];
        float mi = b1 * m[i] + (1.0f - b1) * gi;
        float vi = b2 * v[i] + (1.0f - b2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        g[i] = lr * (mi / bc1) / (sqrtf(vi / bc2) + eps);
    }
}

/*
 * clip(g, 1e-3) * exp(ld * sign(m)) + rmsprop, as the rule language defines it: m and v the bias-corrected
 * averages (beta 0.9, 0.999), ld = 1 - t/T (T = 1e6 steps, as the benchmark), rmsprop = g / (sqrt(v) + 1e-8),
 * the select on sign(m) NaN where m is; times the learning rate 1e-3.
 */
static void rule2slot(void) {
    const float lr = 1e-3f, b1 = 0.9f, b2 = 0.999f, l = 1e-3f, delta = 1e-8f;
    const float c1 = (float) (1.0 / (1.0 - pow(0.9, t + 1))), c2 = (float) (1.0 / (1.0 - pow(0.999, t + 1)));
    const float ld = (float) (1.0 - t / 1e6);
    const float pos = expf(ld), neg = expf(-ld);
    for (long i = 0; i < n; i++) {
        float gi = g[i];
        float mi = b1 * m[i] + (1.0f - b1) * gi;
        float vi = b2 * v[i] + (1.0f - b2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        float mh = mi * c1;
        float s = mh > 0 ? pos : (mh < 0 ? neg : 1.0f);
        s = mh != mh ? NAN : s;
        float c = gi > l ? l : (gi < -l ? -l : gi); /* Java's max(-l, min(l, g)); fminf/fmaxf left gcc's loop scalar */
        g[i] = lr * (c * s + gi / (sqrtf(vi * c2) + delta));
    }
}

int main(void) {
    char cmd[64], kernel[64];
    long a;
    setvbuf(stdout, NULL, _IOLBF, 0);
    while (scanf("%63s", cmd) == 1) {
        if (strcmp(cmd, "init") == 0 && scanf("%ld", &a) == 1) {
            init(a);
            printf("ok\n");
        } else if (strcmp(cmd, "run") == 0 && scanf("%63s %ld", kernel, &a) == 2) {
            void (*f)(void) = strcmp(kernel, "powersign") == 0 ? powersign
                    : strcmp(kernel, "addsign") == 0 ? addsign : strcmp(kernel, "adam") == 0 ? adam
                    : strcmp(kernel, "2slot") == 0 ? rule2slot : NULL;
            if (f == NULL) {
                printf("error unknown kernel %s\n", kernel);
                continue;
            }
            double t0 = now();
            for (long k = 0; k < a; k++, t++) {
                f();
            }
            printf("%.0f\n", now() - t0);
        } else if (strcmp(cmd, "quit") == 0) {
            break;
        } else {
            printf("error bad command %s\n", cmd);
        }
    }
    return 0;
}
