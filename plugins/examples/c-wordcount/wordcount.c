/* c-wordcount: a news plugin written in C, against include/news_plugin.h.
 *
 * It reads the article text out of the JSON document the host sends (with a small but complete
 * JSON string decoder: escapes and \u surrogate pairs included, because news text is full of
 * quotes), and returns {"words": N, "paragraphs": P, "longest_word": {"start","end","text"}}.
 * Offsets are UTF-8 byte offsets into the article text, as the contract requires.
 *
 * Build (cargo xtask build does this with the system C compiler):
 *   cc -std=c11 -Wall -Wextra -Werror -pedantic -O2 -shared -fPIC -fvisibility=hidden \
 *      -I include plugins/examples/c-wordcount/wordcount.c -o libnews_example_c_wordcount.so
 *
 * No global mutable state: analyze may be called from several threads at once.
 */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

#include "news_plugin.h"

#define EXPORT __attribute__((visibility("default")))

typedef struct {
    const uint8_t *p;
    const uint8_t *end;
} cursor;

typedef struct {
    uint8_t *data;
    size_t len;
    size_t cap;
} buffer;

static int buf_reserve(buffer *b, size_t more) {
    if (b->len + more <= b->cap) return 1;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + more) cap *= 2;
    uint8_t *data = realloc(b->data, cap);
    if (!data) return 0;
    b->data = data;
    b->cap = cap;
    return 1;
}

static int buf_put(buffer *b, const void *bytes, size_t n) {
    if (!buf_reserve(b, n)) return 0;
    memcpy(b->data + b->len, bytes, n);
    b->len += n;
    return 1;
}

static int buf_puts(buffer *b, const char *s) { return buf_put(b, s, strlen(s)); }

static void skip_ws(cursor *c) {
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r')) c->p++;
}

static int hex4(cursor *c, unsigned *out) {
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        if (c->p >= c->end) return 0;
        uint8_t ch = *c->p++;
        v <<= 4;
        if (ch >= '0' && ch <= '9') v |= (unsigned)(ch - '0');
        else if (ch >= 'a' && ch <= 'f') v |= (unsigned)(ch - 'a' + 10);
        else if (ch >= 'A' && ch <= 'F') v |= (unsigned)(ch - 'A' + 10);
        else return 0;
    }
    *out = v;
    return 1;
}

static int put_utf8(buffer *b, unsigned cp) {
    uint8_t tmp[4];
    size_t n;
    if (cp < 0x80) { tmp[0] = (uint8_t)cp; n = 1; }
    else if (cp < 0x800) { tmp[0] = (uint8_t)(0xC0 | (cp >> 6)); tmp[1] = (uint8_t)(0x80 | (cp & 0x3F)); n = 2; }
    else if (cp < 0x10000) {
        tmp[0] = (uint8_t)(0xE0 | (cp >> 12)); tmp[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
        tmp[2] = (uint8_t)(0x80 | (cp & 0x3F)); n = 3;
    } else {
        tmp[0] = (uint8_t)(0xF0 | (cp >> 18)); tmp[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
        tmp[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F)); tmp[3] = (uint8_t)(0x80 | (cp & 0x3F)); n = 4;
    }
    return buf_put(b, tmp, n);
}

/* Reads a JSON string at the cursor; decodes it into out when out is not NULL. */
static int read_string(cursor *c, buffer *out) {
    if (c->p >= c->end || *c->p != '"') return 0;
    c->p++;
    while (c->p < c->end) {
        uint8_t ch = *c->p++;
        if (ch == '"') return 1;
        if (ch != '\\') {
            if (out && !buf_put(out, &ch, 1)) return 0;
            continue;
        }
        if (c->p >= c->end) return 0;
        uint8_t esc = *c->p++;
        unsigned cp;
        switch (esc) {
        case '"': cp = '"'; break;
        case '\\': cp = '\\'; break;
        case '/': cp = '/'; break;
        case 'b': cp = '\b'; break;
        case 'f': cp = '\f'; break;
        case 'n': cp = '\n'; break;
        case 'r': cp = '\r'; break;
        case 't': cp = '\t'; break;
        case 'u':
            if (!hex4(c, &cp)) return 0;
            if (cp >= 0xD800 && cp < 0xDC00) {
                unsigned low;
                if (c->end - c->p < 6 || c->p[0] != '\\' || c->p[1] != 'u') return 0;
                c->p += 2;
                if (!hex4(c, &low) || low < 0xDC00 || low > 0xDFFF) return 0;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            }
            break;
        default: return 0;
        }
        if (out && !put_utf8(out, cp)) return 0;
    }
    return 0;
}

static int skip_value(cursor *c, int depth);

static int skip_container(cursor *c, uint8_t close, int depth) {
    c->p++;
    skip_ws(c);
    if (c->p < c->end && *c->p == close) { c->p++; return 1; }
    for (;;) {
        if (close == '}') {
            skip_ws(c);
            if (!read_string(c, NULL)) return 0;
            skip_ws(c);
            if (c->p >= c->end || *c->p != ':') return 0;
            c->p++;
        }
        if (!skip_value(c, depth + 1)) return 0;
        skip_ws(c);
        if (c->p >= c->end) return 0;
        if (*c->p == ',') { c->p++; continue; }
        if (*c->p == close) { c->p++; return 1; }
        return 0;
    }
}

static int skip_value(cursor *c, int depth) {
    if (depth > 256) return 0;
    skip_ws(c);
    if (c->p >= c->end) return 0;
    switch (*c->p) {
    case '"': return read_string(c, NULL);
    case '{': return skip_container(c, '}', depth);
    case '[': return skip_container(c, ']', depth);
    default:
        /* numbers, true, false, null */
        while (c->p < c->end && *c->p != ',' && *c->p != '}' && *c->p != ']' && *c->p != ' ' &&
               *c->p != '\n' && *c->p != '\t' && *c->p != '\r')
            c->p++;
        return 1;
    }
}

/* Finds the object member `key` at the cursor (which must be at '{') and leaves the cursor at
 * its value. Returns 0 when absent or malformed. */
static int find_member(cursor *c, const char *key) {
    skip_ws(c);
    if (c->p >= c->end || *c->p != '{') return 0;
    c->p++;
    size_t key_len = strlen(key);
    for (;;) {
        skip_ws(c);
        if (c->p < c->end && *c->p == '}') return 0;
        buffer name = {0};
        int ok = read_string(c, &name);
        int match = ok && name.len == key_len && memcmp(name.data, key, key_len) == 0;
        free(name.data);
        if (!ok) return 0;
        skip_ws(c);
        if (c->p >= c->end || *c->p != ':') return 0;
        c->p++;
        skip_ws(c);
        if (match) return 1;
        if (!skip_value(c, 0)) return 0;
        skip_ws(c);
        if (c->p < c->end && *c->p == ',') { c->p++; continue; }
        return 0;
    }
}

static int put_json_string(buffer *b, const uint8_t *s, size_t n) {
    if (!buf_puts(b, "\"")) return 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t ch = s[i];
        char esc[8];
        if (ch == '"' || ch == '\\') { esc[0] = '\\'; esc[1] = (char)ch; if (!buf_put(b, esc, 2)) return 0; }
        else if (ch < 0x20) { snprintf(esc, sizeof esc, "\\u%04x", ch); if (!buf_puts(b, esc)) return 0; }
        else if (!buf_put(b, &ch, 1)) return 0;
    }
    return buf_puts(b, "\"");
}

static void give(news_buf *out, buffer *b) {
    if (out) { out->ptr = b->data; out->len = b->len; }
    else free(b->data);
}

static void give_message(news_buf *out, const char *message) {
    buffer b = {0};
    if (buf_puts(&b, message)) give(out, &b);
    else free(b.data);
}

static int is_space(uint8_t ch) { return ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r' || ch == '\f' || ch == '\v'; }

static void *wc_create(const uint8_t *config, size_t config_len, news_buf *err) {
    cursor c = {config, config + config_len};
    skip_ws(&c);
    if (c.p < c.end) {
        /* Only {} is accepted: this plugin has no settings. */
        int empty = *c.p == '{';
        c.p++;
        skip_ws(&c);
        empty = empty && c.p < c.end && *c.p == '}';
        if (!empty) {
            give_message(err, "invalid configuration: c-wordcount takes no settings");
            return NULL;
        }
    }
    int *instance = malloc(sizeof *instance);
    if (!instance) give_message(err, "out of memory");
    return instance;
}

static int32_t wc_analyze(void *instance, const uint8_t *input, size_t input_len, news_buf *out) {
    (void)instance;
    cursor c = {input, input + input_len};
    buffer text = {0};
    if (!find_member(&c, "article") || !find_member(&c, "text") || !read_string(&c, &text)) {
        free(text.data);
        give_message(out, "c-wordcount: no article.text in the input");
        return NEWS_STATUS_ERROR;
    }
    size_t words = 0, paragraphs = 0, best_start = 0, best_len = 0;
    int in_para = 0;
    for (size_t i = 0; i < text.len;) {
        if (text.data[i] == '\n' && i + 1 < text.len && text.data[i + 1] == '\n') in_para = 0;
        if (is_space(text.data[i])) { i++; continue; }
        size_t start = i;
        while (i < text.len && !is_space(text.data[i])) i++;
        words++;
        if (!in_para) { paragraphs++; in_para = 1; }
        if (i - start > best_len) { best_len = i - start; best_start = start; }
    }
    buffer json = {0};
    char head[96];
    snprintf(head, sizeof head, "{\"words\":%zu,\"paragraphs\":%zu,\"longest_word\":", words, paragraphs);
    int ok = buf_puts(&json, head);
    if (best_len == 0) ok = ok && buf_puts(&json, "null");
    else {
        char span[64];
        snprintf(span, sizeof span, "{\"start\":%zu,\"end\":%zu,\"text\":", best_start, best_start + best_len);
        ok = ok && buf_puts(&json, span) && put_json_string(&json, text.data + best_start, best_len) &&
             buf_puts(&json, "}");
    }
    ok = ok && buf_puts(&json, "}");
    free(text.data);
    if (!ok) {
        free(json.data);
        give_message(out, "out of memory");
        return NEWS_STATUS_ERROR;
    }
    give(out, &json);
    return NEWS_STATUS_OK;
}

static void wc_free_buf(uint8_t *ptr, size_t len) {
    (void)len;
    free(ptr);
}

static void wc_destroy(void *instance) { free(instance); }

#define STR(s) {(const uint8_t *)(s), sizeof(s) - 1}

static const news_plugin_v1 DESCRIPTOR = {
    NEWS_PLUGIN_ABI_VERSION,
    sizeof(news_plugin_v1),
    STR("c-wordcount"),
    STR("0.1.0"),
    STR("{\"requires\":[],\"provides\":[\"c-wordcount\"],\"description\":\"words, paragraphs and the longest word (a plugin written in C)\"}"),
    wc_create,
    wc_analyze,
    wc_free_buf,
    wc_destroy,
};

EXPORT const news_plugin_v1 *news_plugin_entry(void) { return &DESCRIPTOR; }
