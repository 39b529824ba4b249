/* misbehave.c: test plugins that break the contract on purpose, one way per build, so the host's
 * refusals can be tested with real libraries. cargo xtask build compiles it once per variant:
 *
 *   NAME      the plugin name (string literal)
 *   REQUIRES  the body of the manifest's requires array, e.g. "\"cycle-b\""
 *   MODE      0 valid output {"ok": true}; 1 output that is not JSON; 2 a span past the text;
 *             3 create fails with a message; 4 no entry symbol at all
 */
#include <stdlib.h>
#include <string.h>

#include "news_plugin.h"

#ifndef NAME
#define NAME "misbehave"
#endif
#ifndef REQUIRES
#define REQUIRES ""
#endif
#ifndef MODE
#define MODE 0
#endif

#define EXPORT __attribute__((visibility("default")))

static void give(news_buf *out, const char *text) {
    size_t n = strlen(text);
    uint8_t *p = malloc(n ? n : 1);
    if (!p) return;
    memcpy(p, text, n);
    out->ptr = p;
    out->len = n;
}

static void *mb_create(const uint8_t *config, size_t config_len, news_buf *err) {
    (void)config;
    (void)config_len;
    if (MODE == 3) {
        give(err, "this plugin always refuses to start");
        return NULL;
    }
    return malloc(1);
}

static int32_t mb_analyze(void *instance, const uint8_t *input, size_t input_len, news_buf *out) {
    (void)instance;
    (void)input;
    (void)input_len;
    if (MODE == 1) give(out, "{this is not json");
    else if (MODE == 2) give(out, "{\"oops\":{\"start\":0,\"end\":1000000,\"text\":\"x\"}}");
    else give(out, "{\"ok\":true}");
    return NEWS_STATUS_OK;
}

static void mb_free_buf(uint8_t *ptr, size_t len) {
    (void)len;
    free(ptr);
}

static void mb_destroy(void *instance) { free(instance); }

#define STR(s) {(const uint8_t *)(s), sizeof(s) - 1}

static const news_plugin_v1 DESCRIPTOR = {
    NEWS_PLUGIN_ABI_VERSION,
    sizeof(news_plugin_v1),
    STR(NAME),
    STR("0.0.1"),
    STR("{\"requires\":[" REQUIRES "],\"provides\":[\"" NAME "\"]}"),
    mb_create,
    mb_analyze,
    mb_free_buf,
    mb_destroy,
};

#if MODE == 4
EXPORT const news_plugin_v1 *not_the_entry_symbol(void) { return &DESCRIPTOR; }
#else
EXPORT const news_plugin_v1 *news_plugin_entry(void) { return &DESCRIPTOR; }
#endif
