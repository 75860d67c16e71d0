/* One pass over a payload's bytes that parses and checks at once, building no Python object.
 *
 * `Checker(program)` takes a schema already translated by `_program.py` (nested dicts and tuples; see there)
 * and `Checker.accepts(raw)` is True only when `raw` is certainly a valid payload: well-formed JSON that
 * orjson reads (RFC 8259, UTF-8, no lone surrogate, finite numbers), free of repeated keys, valid against the
 * program. Anything it is unsure of (an escaped key, a string with escapes where an enum compares it, an
 * integer beyond 18 digits, a free-form object of more than MAX_KEYS members, nesting deeper than MAX_DEPTH)
 * is a False, and the caller takes the exact path, which decides and explains. A False is never a verdict.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h> /* PyMemberDef, T_OBJECT_EX, READONLY: the names of Python 3.11 */

#include <math.h>
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h> /* part of every x86-64 CPU: no build flag needed */
#endif

/* Kinds of JSON values; an integer token (no fraction, no exponent) and any other number are told apart. */
#define K_NULL 1
#define K_BOOL 2
#define K_INT 4
#define K_FLOAT 8
#define K_STRING 16
#define K_ARRAY 32
#define K_OBJECT 64
#define K_ALL 127

#define MAX_DEPTH 64  /* nesting beyond which the exact path decides (it has a limit of its own) */
#define MAX_PROPS 64  /* declared properties of one object: one bit each in a 64-bit mask */
#define MAX_KEYS 64   /* undeclared members of one object (the repeated-key test over them is quadratic) */
#define MAX_NUMBER 64 /* characters of a number token handed to the double parser */

#define B_GE 1
#define B_GT 2
#define B_LE 4
#define B_LT 8

typedef struct Node Node;
typedef struct Pred Pred;

typedef struct {
    const char *name;
    Py_ssize_t len;
    Node *node; /* NULL: any value */
} Prop;

typedef struct {
    int kinds; /* the value kinds the condition applies to */
    Pred *pred;
} Condition;

struct Node {
    int kinds;
    /* strings */
    Py_ssize_t min_length, max_length; /* in code points; -1: none */
    int base64;
    int has_enum;
    Py_ssize_t n_enum;
    const char **enum_text;
    Py_ssize_t *enum_len;
    /* numbers */
    int bounds;
    double ge, gt, le, lt;
    /* arrays */
    Node *items; /* NULL: any value */
    Py_ssize_t min_items, max_items;
    /* objects */
    Py_ssize_t n_props;
    Prop *props;
    uint64_t required;
    int closed;       /* additionalProperties: false */
    Node *additional; /* NULL: any value */
    /* conditions (if/then/else, not, allOf ...) over the value and its declared members */
    Py_ssize_t n_conditions;
    Condition *conditions;
};

enum { P_TRUE, P_FALSE, P_AND, P_OR, P_NOT, P_ONE, P_PRESENT, P_KIND, P_IN };

struct Pred {
    int op;
    Py_ssize_t n_args;
    Pred **args;
    Py_ssize_t slot; /* a declared member's index; -1: the value itself */
    int mask;
    int null_ok;
    Py_ssize_t n_text;
    const char **text;
    Py_ssize_t *text_len;
};

/* What a value was, for conditions: its kind and, for a string, its raw text between the quotes. */
typedef struct {
    int kind;
    int escaped;
    const unsigned char *start;
    Py_ssize_t len;
} Slot;

typedef struct {
    const unsigned char *start;
    Py_ssize_t len;
} Span;

typedef struct {
    const unsigned char *p, *end;
} Scan;

/* ---------------------------------------------------------------------------------------------------------
 * The scanner
 * ------------------------------------------------------------------------------------------------------- */

static inline void skip_ws(Scan *s) {
    const unsigned char *p = s->p, *end = s->end;
    while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) p++;
    s->p = p;
}

/* The first byte at or after p that is '"', '\\', below 0x20 or above 0x7f, or end: 16 bytes a step with
 * SSE2 (signed bytes: one comparison finds both the control characters and the non-ASCII bytes), else 8. */
static inline const unsigned char *string_stop(const unsigned char *p, const unsigned char *end) {
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), slash = _mm_set1_epi8('\\'), space = _mm_set1_epi8(0x20);
    while (end - p >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)p);
        __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, slash)),
                                   _mm_cmplt_epi8(v, space));
        int mask = _mm_movemask_epi8(hit);
        if (mask) return p + __builtin_ctz((unsigned)mask);
        p += 16;
    }
#else
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    while (end - p >= 8) {
        uint64_t v, quote, slash;
        memcpy(&v, p, 8);
        quote = v ^ (ones * '"');
        slash = v ^ (ones * '\\');
        if ((((quote - ones) & ~quote) | ((slash - ones) & ~slash) | ((v - ones * 0x20) & ~v) | v) & highs) break;
        p += 8;
    }
#endif
    while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\') p++;
    return p;
}

/* The length of the well-formed UTF-8 sequence (RFC 3629) that starts at p with a byte above 0x7f, or 0. */
static inline int utf8_sequence(const unsigned char *p, const unsigned char *end) {
    unsigned char c = p[0], low = 0x80, high = 0xBF;
    if (c < 0xC2) return 0;
    if (c < 0xE0) return (end - p >= 2 && (p[1] & 0xC0) == 0x80) ? 2 : 0;
    if (c < 0xF0) {
        if (end - p < 3) return 0;
        if (c == 0xE0) low = 0xA0;
        else if (c == 0xED) high = 0x9F; /* no UTF-16 surrogates */
        return (p[1] >= low && p[1] <= high && (p[2] & 0xC0) == 0x80) ? 3 : 0;
    }
    if (c < 0xF5) {
        if (end - p < 4) return 0;
        if (c == 0xF0) low = 0x90;
        else if (c == 0xF4) high = 0x8F; /* nothing above U+10FFFF */
        return (p[1] >= low && p[1] <= high && (p[2] & 0xC0) == 0x80 && (p[3] & 0xC0) == 0x80) ? 4 : 0;
    }
    return 0;
}

static inline int hex4(const unsigned char *p, const unsigned char *end, unsigned *out) {
    unsigned value = 0;
    if (end - p < 4) return 0;
    for (int i = 0; i < 4; i++) {
        unsigned char c = p[i];
        value <<= 4;
        if (c >= '0' && c <= '9') value |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') value |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') value |= (unsigned)(c - 'A' + 10);
        else return 0;
    }
    *out = value;
    return 1;
}

typedef struct {
    const unsigned char *start;
    Py_ssize_t len;   /* bytes between the quotes */
    Py_ssize_t chars; /* code points the string holds once decoded */
    int escaped;
} Str;

/* A string token at s->p (an opening quote); -1 when it is not one that orjson reads. */
static int scan_string(Scan *s, Str *out) {
    const unsigned char *p = s->p + 1, *end = s->end;
    Py_ssize_t extra = 0; /* bytes beyond one per code point: continuation bytes, escape sequences */
    int escaped = 0;
    out->start = p;
    for (;;) {
        p = string_stop(p, end);
        if (p >= end) return -1;
        unsigned char c = *p;
        if (c == '"') break;
        if (c == '\\') {
            escaped = 1;
            if (end - p < 2) return -1;
            unsigned char e = p[1];
            if (e == 'u') {
                unsigned unit, low;
                if (!hex4(p + 2, end, &unit)) return -1;
                if (unit >= 0xD800 && unit <= 0xDBFF) {
                    if (end - p < 12 || p[6] != '\\' || p[7] != 'u' || !hex4(p + 8, end, &low) || low < 0xDC00 ||
                        low > 0xDFFF)
                        return -1; /* a lone high surrogate: orjson refuses it */
                    extra += 11;
                    p += 12;
                } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
                    return -1; /* a lone low surrogate */
                } else {
                    extra += 5;
                    p += 6;
                }
            } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
                extra += 1;
                p += 2;
            } else {
                return -1;
            }
            continue;
        }
        if (c < 0x20) return -1; /* a raw control character */
        int n = utf8_sequence(p, end);
        if (n == 0) return -1;
        extra += n - 1;
        p += n;
    }
    out->len = p - out->start;
    out->chars = out->len - extra;
    out->escaped = escaped;
    s->p = p + 1;
    return 0;
}

/* A number token: K_INT with *integer set (at most 18 digits), or K_FLOAT with *real set (finite); -1 else. */
static int scan_number(Scan *s, int64_t *integer, double *real) {
    const unsigned char *p = s->p, *end = s->end, *start = p, *digits;
    int negative = 0, fractional = 0;
    if (*p == '-') {
        negative = 1;
        p++;
    }
    digits = p;
    if (p >= end) return -1;
    if (*p == '0') p++;
    else if (*p >= '1' && *p <= '9')
        while (p < end && *p >= '0' && *p <= '9') p++;
    else
        return -1;
    const unsigned char *digits_end = p;
    if (p < end && *p == '.') {
        p++;
        if (p >= end || *p < '0' || *p > '9') return -1;
        while (p < end && *p >= '0' && *p <= '9') p++;
        fractional = 1;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < end && (*p == '+' || *p == '-')) p++;
        if (p >= end || *p < '0' || *p > '9') return -1;
        while (p < end && *p >= '0' && *p <= '9') p++;
        fractional = 1;
    }
    s->p = p;
    if (!fractional) {
        if (digits_end - digits > 18) return -1;
        int64_t value = 0;
        for (const unsigned char *q = digits; q < digits_end; q++) value = value * 10 + (*q - '0');
        *integer = negative ? -value : value;
        return K_INT;
    }
    char buffer[MAX_NUMBER];
    Py_ssize_t len = p - start;
    if (len >= MAX_NUMBER) return -1;
    memcpy(buffer, start, (size_t)len);
    buffer[len] = '\0';
    /* Python's own correctly rounded, locale-independent parser: the double orjson makes of the same text. */
    double value = PyOS_string_to_double(buffer, NULL, NULL);
    if (value == -1.0 && PyErr_Occurred()) {
        PyErr_Clear();
        return -1;
    }
    if (!isfinite(value)) return -1; /* orjson refuses a number that overflows a double */
    *real = value;
    return K_FLOAT;
}

/* ---------------------------------------------------------------------------------------------------------
 * The checks
 * ------------------------------------------------------------------------------------------------------- */

static const unsigned char BASE64_CHAR[256] = {
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1,
    ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1,
    ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1,
    ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1,
    ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
    ['y'] = 1, ['z'] = 1, ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
    ['8'] = 1, ['9'] = 1, ['+'] = 1, ['/'] = 1,
};

#if defined(__SSE2__)
static inline __m128i in_range(__m128i v, char low, char high) {
    return _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8((char)(low - 1))), _mm_cmplt_epi8(v, _mm_set1_epi8((char)(high + 1))));
}
#endif

/* The contract's base64 rule (base64_rule.is_contract_base64), on text with no escapes. */
static int is_contract_base64(const unsigned char *text, Py_ssize_t len) {
    Py_ssize_t data = len, i = 0;
    if (len % 4) return 0;
    if (data > 0 && text[data - 1] == '=') data--;
    if (data > 0 && text[data - 1] == '=' && len - data == 1) data--;
#if defined(__SSE2__)
    for (; data - i >= 16; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(text + i));
        __m128i ok = _mm_or_si128(_mm_or_si128(in_range(v, 'A', 'Z'), in_range(v, 'a', 'z')),
                                  _mm_or_si128(in_range(v, '0', '9'),
                                               _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('+')),
                                                            _mm_cmpeq_epi8(v, _mm_set1_epi8('/')))));
        if (_mm_movemask_epi8(ok) != 0xFFFF) return 0;
    }
#endif
    for (; i < data; i++)
        if (!BASE64_CHAR[text[i]]) return 0;
    return 1;
}

static int matches_one_of(const unsigned char *text, Py_ssize_t len, Py_ssize_t n, const char **texts,
                          const Py_ssize_t *lens) {
    for (Py_ssize_t i = 0; i < n; i++)
        if (lens[i] == len && memcmp(texts[i], text, (size_t)len) == 0) return 1;
    return 0;
}

static int string_ok(const Node *n, const Str *str) {
    if (n->min_length >= 0 && str->chars < n->min_length) return 0;
    if (n->max_length >= 0 && str->chars > n->max_length) return 0;
    if ((n->has_enum || n->base64) && str->escaped) return 0; /* compared on the raw text: let the exact path */
    if (n->has_enum && !matches_one_of(str->start, str->len, n->n_enum, n->enum_text, n->enum_len)) return 0;
    if (n->base64 && !is_contract_base64(str->start, str->len)) return 0;
    return 1;
}

static int number_ok(const Node *n, double value) {
    int b = n->bounds;
    return !((b & B_GE && !(value >= n->ge)) || (b & B_GT && !(value > n->gt)) || (b & B_LE && !(value <= n->le)) ||
             (b & B_LT && !(value < n->lt)));
}

/* 1 true, 0 false, -1 unknown (the caller then refuses to accept). */
static int eval(const Pred *p, const Slot *self, const Slot *slots, uint64_t present) {
    const Slot *slot;
    int result, unknown = 0, trues = 0;
    switch (p->op) {
    case P_TRUE:
        return 1;
    case P_FALSE:
        return 0;
    case P_AND:
    case P_OR:
        for (Py_ssize_t i = 0; i < p->n_args; i++) {
            result = eval(p->args[i], self, slots, present);
            if (result == (p->op == P_OR)) return result;
            if (result < 0) unknown = 1;
        }
        return unknown ? -1 : p->op == P_AND;
    case P_NOT:
        result = eval(p->args[0], self, slots, present);
        return result < 0 ? -1 : !result;
    case P_ONE:
        for (Py_ssize_t i = 0; i < p->n_args; i++) {
            result = eval(p->args[i], self, slots, present);
            if (result < 0) return -1;
            trues += result;
        }
        return trues == 1;
    case P_PRESENT:
        return (int)((present >> p->slot) & 1);
    case P_KIND:
    case P_IN:
        if (p->slot >= 0 && !((present >> p->slot) & 1)) return 0;
        slot = p->slot < 0 ? self : &slots[p->slot];
        if (p->op == P_KIND) {
            if (slot->kind & p->mask) return 1;
            return (slot->kind == K_FLOAT && (p->mask & K_INT)) ? -1 : 0; /* 1.0 is an integer */
        }
        if (slot->kind == K_NULL) return p->null_ok;
        if (slot->kind != K_STRING) return 0;
        if (slot->escaped) return -1;
        return matches_one_of(slot->start, slot->len, p->n_text, p->text, p->text_len);
    }
    return -1;
}

static int conditions_hold(const Node *n, int kind, const Slot *self, const Slot *slots, uint64_t present) {
    for (Py_ssize_t i = 0; i < n->n_conditions; i++) {
        const Condition *c = &n->conditions[i];
        if ((c->kinds & kind) && eval(c->pred, self, slots, present) != 1) return 0;
    }
    return 1;
}

static int check_value(Scan *s, const Node *n, Slot *self, int depth);

/* Records an undeclared key, refusing a repeat; 0 when it cannot (a repeat, or too many to compare). */
static inline int note_key(Span *keys, int *count, const Str *key) {
    for (int i = 0; i < *count; i++)
        if (keys[i].len == key->len && memcmp(keys[i].start, key->start, (size_t)key->len) == 0) return 0;
    if (*count == MAX_KEYS) return 0;
    keys[*count].start = key->start;
    keys[*count].len = key->len;
    (*count)++;
    return 1;
}

/* The key of a member and its colon; 0 when absent or escaped (escaped keys are compared by the exact path). */
static inline int member_key(Scan *s, Str *key) {
    skip_ws(s);
    if (s->p >= s->end || *s->p != '"' || scan_string(s, key) || key->escaped) return 0;
    skip_ws(s);
    if (s->p >= s->end || *s->p != ':') return 0;
    s->p++;
    return 1;
}

/* After a member: 1 for another, 0 at the closing brace or bracket, -1 for anything else. */
static inline int next_item(Scan *s, unsigned char close) {
    skip_ws(s);
    if (s->p >= s->end) return -1;
    if (*s->p == ',') {
        s->p++;
        return 1;
    }
    if (*s->p == close) {
        s->p++;
        return 0;
    }
    return -1;
}

/* Past the opening bracket of an object or array and the whitespace after it: 1 (past the closing one too)
 * when the container is empty, 0 when a member or item follows. */
static inline int opens_empty(Scan *s, unsigned char close) {
    s->p++;
    skip_ws(s);
    if (s->p < s->end && *s->p == close) {
        s->p++;
        return 1;
    }
    return 0;
}

/* The index of the declared property named `key`, or -1. */
static inline Py_ssize_t declared_index(const Node *n, const Str *key) {
    for (Py_ssize_t i = 0; i < n->n_props; i++) {
        const Prop *prop = &n->props[i];
        if (prop->len == key->len && memcmp(prop->name, key->start, (size_t)key->len) == 0) return i;
    }
    return -1;
}

static int check_free_object(Scan *s, int depth) {
    Span keys[MAX_KEYS];
    int count = 0, more;
    Str key;
    if (opens_empty(s, '}')) return 0;
    do {
        if (!member_key(s, &key) || !note_key(keys, &count, &key) || check_value(s, NULL, NULL, depth)) return -1;
    } while ((more = next_item(s, '}')) == 1);
    return more;
}

static int check_object(Scan *s, const Node *n, int depth) {
    if (n == NULL || (n->n_props == 0 && !n->closed && n->additional == NULL && n->n_conditions == 0 && !n->required))
        return check_free_object(s, depth);
    Slot slots[MAX_PROPS];
    Span keys[MAX_KEYS];
    int count = 0, more = 0;
    uint64_t present = 0;
    Str key;
    if (!opens_empty(s, '}')) {
        do {
            if (!member_key(s, &key)) return -1;
            Py_ssize_t index = declared_index(n, &key);
            if (index >= 0) {
                uint64_t bit = (uint64_t)1 << index;
                if (present & bit) return -1; /* a repeated key */
                present |= bit;
                if (check_value(s, n->props[index].node, &slots[index], depth)) return -1;
            } else {
                if (n->closed || !note_key(keys, &count, &key) || check_value(s, n->additional, NULL, depth))
                    return -1;
            }
        } while ((more = next_item(s, '}')) == 1);
        if (more < 0) return -1;
    }
    if ((present & n->required) != n->required) return -1;
    if (n->n_conditions) {
        Slot self = {K_OBJECT, 0, NULL, 0};
        if (!conditions_hold(n, K_OBJECT, &self, slots, present)) return -1;
    }
    return 0;
}

static int check_array(Scan *s, const Node *n, int depth) {
    Py_ssize_t count = 0;
    int more;
    if (!opens_empty(s, ']')) {
        do {
            if (check_value(s, n ? n->items : NULL, NULL, depth)) return -1;
            count++;
        } while ((more = next_item(s, ']')) == 1);
        if (more < 0) return -1;
    }
    if (n && ((n->min_items >= 0 && count < n->min_items) || (n->max_items >= 0 && count > n->max_items))) return -1;
    return 0;
}

static inline int literal(Scan *s, const char *word, Py_ssize_t len) {
    if (s->end - s->p < len || memcmp(s->p, word, (size_t)len) != 0) return -1;
    s->p += len;
    return 0;
}

/* 0 when the value at s->p is well-formed and valid against n (NULL: any value); -1 otherwise. */
static int check_value(Scan *s, const Node *n, Slot *self, int depth) {
    Slot local;
    Str str;
    int64_t integer;
    double real;
    int kind;
    if (self == NULL) self = &local;
    skip_ws(s);
    if (s->p >= s->end) return -1;
    switch (*s->p) {
    case '"':
        if (n && !(n->kinds & K_STRING)) return -1;
        if (scan_string(s, &str) || (n && !string_ok(n, &str))) return -1;
        kind = K_STRING;
        self->start = str.start;
        self->len = str.len;
        self->escaped = str.escaped;
        break;
    case '{':
        if ((n && !(n->kinds & K_OBJECT)) || depth >= MAX_DEPTH) return -1;
        self->kind = K_OBJECT;
        return check_object(s, n, depth + 1); /* its conditions see its members: checked inside */
    case '[':
        if ((n && !(n->kinds & K_ARRAY)) || depth >= MAX_DEPTH || check_array(s, n, depth + 1)) return -1;
        kind = K_ARRAY;
        break;
    case 't':
        if ((n && !(n->kinds & K_BOOL)) || literal(s, "true", 4)) return -1;
        kind = K_BOOL;
        break;
    case 'f':
        if ((n && !(n->kinds & K_BOOL)) || literal(s, "false", 5)) return -1;
        kind = K_BOOL;
        break;
    case 'n':
        if ((n && !(n->kinds & K_NULL)) || literal(s, "null", 4)) return -1;
        kind = K_NULL;
        break;
    default:
        kind = scan_number(s, &integer, &real);
        if (kind < 0 || (n && !(n->kinds & kind))) return -1;
        if (n && n->bounds) {
            if (kind == K_INT) {
                if (integer > ((int64_t)1 << 53) || integer < -((int64_t)1 << 53)) return -1; /* not exact as a double */
                real = (double)integer;
            }
            if (!number_ok(n, real)) return -1;
        }
    }
    self->kind = kind;
    if (n && n->n_conditions && !conditions_hold(n, kind, self, NULL, 0)) return -1;
    return 0;
}

/* ---------------------------------------------------------------------------------------------------------
 * Locating a value in a valid document, for error messages
 * ------------------------------------------------------------------------------------------------------- */

/* Past a string of a document already known to be valid JSON: its closing quote is the first one after an
 * even run of backslashes. memchr finds each quote at SIMD speed, where scan_string stops at every escape to
 * check it (the strings of captured output hold a line feed escape every few dozen bytes). */
static int skip_string(Scan *s) {
    const unsigned char *start = s->p + 1, *p = start, *end = s->end;
    while (p < end) {
        const unsigned char *quote = memchr(p, '"', (size_t)(end - p)), *run;
        if (quote == NULL) break;
        for (run = quote; run > start && run[-1] == '\\'; run--) {
        }
        if (((quote - run) & 1) == 0) {
            s->p = quote + 1;
            return 0;
        }
        p = quote + 1;
    }
    return -1;
}

/* Past one value of a document already known to be valid JSON (no checks beyond finding its end). */
static int skip_value(Scan *s) {
    int depth = 0;
    skip_ws(s);
    if (s->p >= s->end) return -1;
    if (*s->p == '"') return skip_string(s);
    if (*s->p != '{' && *s->p != '[') {
        while (s->p < s->end && *s->p != ',' && *s->p != '}' && *s->p != ']' && *s->p != ' ' && *s->p != '\n' &&
               *s->p != '\r' && *s->p != '\t')
            s->p++;
        return 0;
    }
    while (s->p < s->end) {
        unsigned char c = *s->p;
        if (c == '"') {
            if (skip_string(s)) return -1;
            continue;
        }
        if (c == '{' || c == '[') depth++;
        else if ((c == '}' || c == ']') && --depth == 0) {
            s->p++;
            return 0;
        }
        s->p++;
    }
    return -1;
}

static int keys_unique(Scan *s, int depth);

static int object_keys_unique(Scan *s, int depth) {
    Span keys[MAX_KEYS];
    Str key;
    int count = 0, more;
    if (opens_empty(s, '}')) return 1;
    do {
        if (!member_key(s, &key) || !note_key(keys, &count, &key) || !keys_unique(s, depth)) return 0;
    } while ((more = next_item(s, '}')) == 1);
    return more == 0;
}

/* 1 when the value at s->p (in a document known to be valid JSON) repeats no key in any object; 0 when it does,
 * or when that cannot be told cheaply: an escaped key, more than MAX_KEYS members, nesting past MAX_DEPTH. */
static int keys_unique(Scan *s, int depth) {
    int more;
    skip_ws(s);
    if (s->p >= s->end || depth >= MAX_DEPTH) return 0;
    if (*s->p == '{') return object_keys_unique(s, depth + 1);
    if (*s->p != '[') return skip_value(s) == 0;
    if (opens_empty(s, ']')) return 1;
    do {
        if (!keys_unique(s, depth + 1)) return 0;
    } while ((more = next_item(s, ']')) == 1);
    return more == 0;
}

/* unique_keys(document) -> bool: True when a document already known to be valid JSON (orjson read it) repeats
 * no key in any object; False when it may. One pass that compares keys and skips strings as locate does:
 * the repeated-key screen of the exact path, several times cheaper than the checker's validating parse. */
static PyObject *native_unique_keys(PyObject *module, PyObject *arg) {
    Py_buffer view;
    int unique;
    (void)module;
    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE)) return NULL;
    Scan s = {view.buf, (const unsigned char *)view.buf + view.len};
    unique = keys_unique(&s, 0);
    PyBuffer_Release(&view);
    return PyBool_FromLong(unique);
}

/* locate(document, path, unique) -> offset | None | -1: where the value at `path` (keys and indices) starts
 * in a valid JSON document; None when it is not there; -1 when a key on the way is escaped (compare decoded
 * keys in Python). For a repeated key, the last occurrence (the one a parser keeps), unless `unique`. */
static PyObject *native_locate(PyObject *module, PyObject *args) {
    Py_buffer view;
    PyObject *path, *result = NULL;
    int unique;
    (void)module;
    if (!PyArg_ParseTuple(args, "y*O!p:locate", &view, &PyTuple_Type, &path, &unique)) return NULL;
    Scan s = {view.buf, (const unsigned char *)view.buf + view.len};
    Py_ssize_t n_parts = PyTuple_GET_SIZE(path), answer = -2; /* -2: not there */
    skip_ws(&s);
    for (Py_ssize_t i = 0; i < n_parts && answer == -2; i++) {
        PyObject *part = PyTuple_GET_ITEM(path, i);
        if (s.p >= s.end) break;
        if (*s.p == '{') {
            PyObject *text = PyUnicode_Check(part) ? (Py_INCREF(part), part) : PyObject_Str(part);
            Py_ssize_t wanted_len;
            const char *wanted = text ? PyUnicode_AsUTF8AndSize(text, &wanted_len) : NULL;
            const unsigned char *found = NULL;
            Str key = {NULL, 0, 0, 0};
            int more = 0;
            if (wanted == NULL) { /* a key no UTF-8 spells (a lone surrogate): compared decoded, in Python */
                Py_XDECREF(text);
                PyErr_Clear();
                result = PyLong_FromLong(-1);
                goto done;
            }
            if (!opens_empty(&s, '}'))
                do {
                    if (!member_key(&s, &key)) {
                        answer = (s.p < s.end && key.escaped) ? -1 : -3; /* -1: escaped; -3: not JSON here */
                        break;
                    }
                    skip_ws(&s);
                    if (key.len == wanted_len && memcmp(key.start, wanted, (size_t)wanted_len) == 0) {
                        found = s.p;
                        if (unique) break;
                    }
                    if (skip_value(&s)) {
                        answer = -3;
                        break;
                    }
                } while ((more = next_item(&s, '}')) == 1);
            Py_DECREF(text);
            if (answer != -2 || more < 0) break;
            if (found == NULL) {
                answer = -3;
                break;
            }
            s.p = found;
        } else if (*s.p == '[') {
            Py_ssize_t wanted = -1, index = 0;
            int more = 0;
            if (PyLong_Check(part)) wanted = PyLong_AsSsize_t(part);
            else if (PyUnicode_Check(part) && PyUnicode_GET_LENGTH(part) > 0) {
                PyObject *number = PyLong_FromUnicodeObject(part, 10);
                if (number) {
                    wanted = PyLong_AsSsize_t(number);
                    Py_DECREF(number);
                }
            }
            if (PyErr_Occurred()) PyErr_Clear();
            if (wanted < 0) {
                answer = -3;
                break;
            }
            if (opens_empty(&s, ']')) {
                answer = -3;
                break;
            }
            while (index < wanted) {
                if (skip_value(&s) || (more = next_item(&s, ']')) != 1) break;
                index++;
                skip_ws(&s);
            }
            if (index < wanted) {
                answer = -3;
                break;
            }
        } else {
            answer = -3;
        }
    }
    skip_ws(&s);
    if (answer == -2) result = PyLong_FromSsize_t((Py_ssize_t)(s.p - (const unsigned char *)view.buf));
    else if (answer == -1) result = PyLong_FromLong(-1);
    else result = Py_NewRef(Py_None);
done:
    PyBuffer_Release(&view);
    return result;
}

/* is_base64(text) -> bool: base64_rule.is_contract_base64, for the exact path's custom keyword. */
static PyObject *native_is_base64(PyObject *module, PyObject *text) {
    (void)module;
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "is_base64 takes a str");
        return NULL;
    }
    if (!PyUnicode_IS_ASCII(text)) Py_RETURN_FALSE; /* the alphabet and '=' are ASCII */
    return PyBool_FromLong(
        is_contract_base64((const unsigned char *)PyUnicode_DATA(text), PyUnicode_GET_LENGTH(text)));
}

static PyMethodDef native_functions[] = {
    {"is_base64", native_is_base64, METH_O,
     "is_base64(text, /)\n--\n\nWhether text is in the contract's base64 language (base64_rule)."},
    {"unique_keys", native_unique_keys, METH_O,
     "unique_keys(document, /)\n--\n\nWhether a valid JSON document repeats no key (False: it may)."},
    {"locate", native_locate, METH_VARARGS,
     "locate(document, path, unique, /)\n--\n\nThe offset where the value at path starts; None; -1: ask Python."},
    {NULL, NULL, 0, NULL},
};

/* ---------------------------------------------------------------------------------------------------------
 * Building a program from Python values (see _program.py for its shape)
 * ------------------------------------------------------------------------------------------------------- */

typedef struct {
    PyObject_HEAD void **blocks; /* every allocation the program holds, freed with the checker */
    Py_ssize_t n_blocks, capacity;
    Node *root;
    uint64_t compared; /* the top object's declared members its conditions look at, one bit each */
    PyObject *names;   /* the top object's declared names as str (a tuple), for explain's keys */
} Checker;

static void *allocate(Checker *c, size_t size) {
    if (c->n_blocks == c->capacity) {
        Py_ssize_t capacity = c->capacity ? c->capacity * 2 : 64;
        void **blocks = PyMem_Realloc(c->blocks, (size_t)capacity * sizeof(void *));
        if (blocks == NULL) {
            PyErr_NoMemory();
            return NULL;
        }
        c->blocks = blocks;
        c->capacity = capacity;
    }
    void *block = PyMem_Calloc(1, size ? size : 1);
    if (block == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    c->blocks[c->n_blocks++] = block;
    return block;
}

static int copy_text(Checker *c, PyObject *item, const char **text, Py_ssize_t *len) {
    char *data;
    if (!PyBytes_Check(item)) {
        PyErr_SetString(PyExc_TypeError, "program texts are bytes");
        return -1;
    }
    *len = PyBytes_GET_SIZE(item);
    data = allocate(c, (size_t)*len);
    if (data == NULL) return -1;
    memcpy(data, PyBytes_AS_STRING(item), (size_t)*len);
    *text = data;
    return 0;
}

static int texts_from(Checker *c, PyObject *sequence, Py_ssize_t *n, const char ***texts, Py_ssize_t **lens) {
    if (!PyTuple_Check(sequence)) {
        PyErr_SetString(PyExc_TypeError, "program text lists are tuples");
        return -1;
    }
    *n = PyTuple_GET_SIZE(sequence);
    *texts = allocate(c, (size_t)*n * sizeof(char *));
    *lens = allocate(c, (size_t)*n * sizeof(Py_ssize_t));
    if (*texts == NULL || *lens == NULL) return -1;
    for (Py_ssize_t i = 0; i < *n; i++)
        if (copy_text(c, PyTuple_GET_ITEM(sequence, i), &(*texts)[i], &(*lens)[i])) return -1;
    return 0;
}

/* An optional integer entry of a node dict (default when absent). */
static int get_ssize(PyObject *dict, const char *key, Py_ssize_t fallback, Py_ssize_t *out) {
    PyObject *value = PyDict_GetItemString(dict, key);
    if (value == NULL) {
        *out = fallback;
        return 0;
    }
    *out = PyLong_AsSsize_t(value);
    return (*out == -1 && PyErr_Occurred()) ? -1 : 0;
}

static int get_bound(PyObject *dict, const char *key, int bit, int *bounds, double *out) {
    PyObject *value = PyDict_GetItemString(dict, key);
    if (value == NULL) return 0;
    *out = PyFloat_AsDouble(value);
    if (*out == -1.0 && PyErr_Occurred()) return -1;
    *bounds |= bit;
    return 0;
}

static Node *node_from(Checker *c, PyObject *spec, int depth);

static Pred *pred_from(Checker *c, PyObject *spec, int depth) {
    static const char *names[] = {"true", "false", "and", "or", "not", "one", "present", "kind", "in"};
    Pred *p;
    const char *op;
    if (depth > 256 || !PyTuple_Check(spec) || PyTuple_GET_SIZE(spec) < 1 || !PyUnicode_Check(PyTuple_GET_ITEM(spec, 0))) {
        PyErr_SetString(PyExc_ValueError, "a malformed condition");
        return NULL;
    }
    op = PyUnicode_AsUTF8(PyTuple_GET_ITEM(spec, 0));
    if (op == NULL || (p = allocate(c, sizeof(Pred))) == NULL) return NULL;
    p->op = -1;
    for (int i = 0; i < 9; i++)
        if (strcmp(op, names[i]) == 0) p->op = i;
    Py_ssize_t size = PyTuple_GET_SIZE(spec);
    switch (p->op) {
    case P_TRUE:
    case P_FALSE:
        return p;
    case P_AND:
    case P_OR:
    case P_NOT:
    case P_ONE:
        p->n_args = size - 1;
        if ((p->op == P_NOT && p->n_args != 1) || (p->args = allocate(c, (size_t)p->n_args * sizeof(Pred *))) == NULL)
            break;
        for (Py_ssize_t i = 0; i < p->n_args; i++)
            if ((p->args[i] = pred_from(c, PyTuple_GET_ITEM(spec, i + 1), depth + 1)) == NULL) return NULL;
        return p;
    case P_PRESENT:
    case P_KIND:
    case P_IN:
        if (size != (p->op == P_PRESENT ? 2 : p->op == P_KIND ? 3 : 4)) break;
        p->slot = PyLong_AsSsize_t(PyTuple_GET_ITEM(spec, 1));
        if (p->slot == -1 && PyErr_Occurred()) return NULL;
        if (p->slot >= MAX_PROPS || p->slot < (p->op == P_PRESENT ? 0 : -1)) break;
        if (p->op == P_KIND) {
            p->mask = (int)PyLong_AsLong(PyTuple_GET_ITEM(spec, 2));
            if (PyErr_Occurred()) return NULL;
        } else if (p->op == P_IN) {
            if (texts_from(c, PyTuple_GET_ITEM(spec, 2), &p->n_text, &p->text, &p->text_len)) return NULL;
            p->null_ok = PyObject_IsTrue(PyTuple_GET_ITEM(spec, 3));
        }
        return p;
    }
    if (!PyErr_Occurred()) PyErr_Format(PyExc_ValueError, "a malformed condition: %s", op);
    return NULL;
}

static Node *optional_node(Checker *c, PyObject *dict, const char *key, int depth, int *failed) {
    PyObject *value = PyDict_GetItemString(dict, key);
    Node *node;
    if (value == NULL || value == Py_None) return NULL;
    node = node_from(c, value, depth + 1);
    if (node == NULL) *failed = 1;
    return node;
}

static Node *node_from(Checker *c, PyObject *spec, int depth) {
    Node *n;
    PyObject *item;
    Py_ssize_t kinds, required_count;
    int failed = 0;
    if (depth > 256 || !PyDict_Check(spec)) {
        PyErr_SetString(PyExc_ValueError, "a malformed program node");
        return NULL;
    }
    if ((n = allocate(c, sizeof(Node))) == NULL) return NULL;
    if (get_ssize(spec, "kinds", K_ALL, &kinds) || get_ssize(spec, "min_length", -1, &n->min_length) ||
        get_ssize(spec, "max_length", -1, &n->max_length) || get_ssize(spec, "min_items", -1, &n->min_items) ||
        get_ssize(spec, "max_items", -1, &n->max_items) || get_bound(spec, "ge", B_GE, &n->bounds, &n->ge) ||
        get_bound(spec, "gt", B_GT, &n->bounds, &n->gt) || get_bound(spec, "le", B_LE, &n->bounds, &n->le) ||
        get_bound(spec, "lt", B_LT, &n->bounds, &n->lt))
        return NULL;
    n->kinds = (int)kinds & K_ALL;
    n->base64 = (item = PyDict_GetItemString(spec, "base64")) != NULL && PyObject_IsTrue(item);
    n->closed = (item = PyDict_GetItemString(spec, "closed")) != NULL && PyObject_IsTrue(item);
    if ((item = PyDict_GetItemString(spec, "enum")) != NULL) {
        n->has_enum = 1;
        if (texts_from(c, item, &n->n_enum, &n->enum_text, &n->enum_len)) return NULL;
    }
    n->items = optional_node(c, spec, "items", depth, &failed);
    n->additional = optional_node(c, spec, "additional", depth, &failed);
    if (failed) return NULL;
    if ((item = PyDict_GetItemString(spec, "properties")) != NULL) {
        if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) > MAX_PROPS) {
            PyErr_SetString(PyExc_ValueError, "properties: a tuple of at most 64 (name, node) pairs");
            return NULL;
        }
        n->n_props = PyTuple_GET_SIZE(item);
        if ((n->props = allocate(c, (size_t)n->n_props * sizeof(Prop))) == NULL) return NULL;
        for (Py_ssize_t i = 0; i < n->n_props; i++) {
            PyObject *pair = PyTuple_GET_ITEM(item, i), *child;
            if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2 ||
                copy_text(c, PyTuple_GET_ITEM(pair, 0), &n->props[i].name, &n->props[i].len))
                goto malformed;
            child = PyTuple_GET_ITEM(pair, 1);
            if (child != Py_None && (n->props[i].node = node_from(c, child, depth + 1)) == NULL) return NULL;
        }
    }
    if ((item = PyDict_GetItemString(spec, "required")) != NULL) {
        if (!PyTuple_Check(item)) goto malformed;
        required_count = PyTuple_GET_SIZE(item);
        for (Py_ssize_t i = 0; i < required_count; i++) {
            Py_ssize_t index = PyLong_AsSsize_t(PyTuple_GET_ITEM(item, i));
            if (index == -1 && PyErr_Occurred()) return NULL;
            if (index < 0 || index >= n->n_props) goto malformed;
            n->required |= (uint64_t)1 << index;
        }
    }
    if ((item = PyDict_GetItemString(spec, "conditions")) != NULL) {
        if (!PyTuple_Check(item)) goto malformed;
        n->n_conditions = PyTuple_GET_SIZE(item);
        if ((n->conditions = allocate(c, (size_t)n->n_conditions * sizeof(Condition))) == NULL) return NULL;
        for (Py_ssize_t i = 0; i < n->n_conditions; i++) {
            PyObject *pair = PyTuple_GET_ITEM(item, i);
            if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2) goto malformed;
            n->conditions[i].kinds = (int)PyLong_AsLong(PyTuple_GET_ITEM(pair, 0));
            if (PyErr_Occurred()) return NULL;
            if ((n->conditions[i].pred = pred_from(c, PyTuple_GET_ITEM(pair, 1), 0)) == NULL) return NULL;
        }
    }
    return n;
malformed:
    if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "a malformed program node");
    return NULL;
}

/* ---------------------------------------------------------------------------------------------------------
 * The Python type
 * ------------------------------------------------------------------------------------------------------- */

static int accepts_text(const Checker *self, const unsigned char *data, Py_ssize_t len) {
    Scan s = {data, data + len};
    if (check_value(&s, self->root, NULL, 0)) return 0;
    skip_ws(&s);
    return s.p == s.end;
}

static int built(const Checker *self) {
    if (self->root != NULL) return 1;
    PyErr_SetString(PyExc_TypeError, "a Checker must be built from a program first");
    return 0;
}

static PyObject *Checker_accepts(Checker *self, PyObject *raw) {
    int accepted;
    if (!built(self)) return NULL;
    if (PyBytes_CheckExact(raw)) {
        accepted = accepts_text(self, (const unsigned char *)PyBytes_AS_STRING(raw), PyBytes_GET_SIZE(raw));
    } else {
        Py_buffer view;
        if (PyObject_GetBuffer(raw, &view, PyBUF_SIMPLE)) return NULL;
        accepted = accepts_text(self, view.buf, view.len);
        PyBuffer_Release(&view);
    }
    return PyBool_FromLong(accepted);
}

/* ---------------------------------------------------------------------------------------------------------
 * Explaining a refusal at the top: which members fail, and whether the object's own keywords do
 * ------------------------------------------------------------------------------------------------------- */

#define MAX_MEMBERS (MAX_PROPS + MAX_KEYS) /* members of the top object an explanation records */

typedef struct {
    Py_ssize_t index; /* the declared property's index, or -1 */
    Py_ssize_t key_start, key_end, value_start, value_end;
    int failed; /* the value failed its property's node */
} Member;

/* A member's value that failed its node, scanned again as any value: well-formed JSON, no repeated key? The
 * slot is filled again for the conditions (the failed check may have stopped before filling it). */
static int rescan_any(Scan *s, const unsigned char *value_at, Slot *slot) {
    s->p = value_at;
    return check_value(s, NULL, slot, 1);
}

/* Walks the top object as check_object does, but goes on past a member that fails its property's node. Returns
 * 0 and the members when the text is well-formed JSON without repeated keys and every failure is a declared
 * member's value or the object's own keywords (`required`, `additionalProperties: false`, conditions); -1 when
 * it cannot tell (not an object at the top, an escaped key, an undeclared member failing `additional`...). */
static int explain_top(const Node *n, const unsigned char *data, Py_ssize_t len, Member *members,
                       Py_ssize_t *n_members, int *object_failed) {
    Scan s = {data, data + len};
    Slot slots[MAX_PROPS];
    Span keys[MAX_KEYS];
    int count = 0, more = 0;
    uint64_t present = 0;
    Str key;
    *n_members = 0;
    *object_failed = 0;
    skip_ws(&s);
    if (!(n->kinds & K_OBJECT) || s.p >= s.end || *s.p != '{') return -1;
    if (!opens_empty(&s, '}')) {
        do {
            if (*n_members == MAX_MEMBERS || !member_key(&s, &key)) return -1;
            Member *m = &members[(*n_members)++];
            Py_ssize_t index = declared_index(n, &key);
            skip_ws(&s);
            const unsigned char *value_at = s.p;
            m->index = index;
            m->key_start = key.start - data;
            m->key_end = key.start + key.len - data;
            m->value_start = value_at - data;
            m->failed = 0;
            if (index >= 0) {
                uint64_t bit = (uint64_t)1 << index;
                if (present & bit) return -1; /* a repeated key: the exact path reports it */
                present |= bit;
                if (check_value(&s, n->props[index].node, &slots[index], 1)) {
                    if (rescan_any(&s, value_at, &slots[index])) return -1;
                    m->failed = 1;
                }
            } else {
                if (!note_key(keys, &count, &key)) return -1;
                if (n->closed) *object_failed = 1;
                if (check_value(&s, n->closed ? NULL : n->additional, NULL, 1)) return -1;
            }
            m->value_end = s.p - data;
        } while ((more = next_item(&s, '}')) == 1);
        if (more < 0) return -1;
    }
    skip_ws(&s);
    if (s.p != s.end) return -1;
    if ((present & n->required) != n->required) *object_failed = 1;
    if (n->n_conditions) {
        Slot self = {K_OBJECT, 0, NULL, 0};
        if (!conditions_hold(n, K_OBJECT, &self, slots, present)) *object_failed = 1;
    }
    return 0;
}

/* What decides the issues of a top object whose own keywords fail (and whose members pass): (its keys in order,
 * the texts of the values its conditions compare), and the (key, value start) of those members. Equal keys,
 * equal issues: Python keeps them under it. */
static PyObject *object_key(const Checker *self, const unsigned char *data, const Member *members,
                            Py_ssize_t n_members) {
    Py_ssize_t n_valued = 0, v = 0;
    PyObject *keys = NULL, *values = NULL, *starts = NULL, *key, *item;
    for (Py_ssize_t i = 0; i < n_members; i++)
        n_valued += members[i].index >= 0 && (self->compared >> members[i].index) & 1;
    if ((keys = PyTuple_New(n_members)) == NULL || (values = PyTuple_New(n_valued)) == NULL ||
        (starts = PyTuple_New(n_valued)) == NULL)
        goto error;
    for (Py_ssize_t i = 0; i < n_members; i++) {
        const Member *m = &members[i];
        if (m->index >= 0) key = Py_NewRef(PyTuple_GET_ITEM(self->names, m->index));
        else key = PyUnicode_DecodeUTF8((const char *)data + m->key_start, m->key_end - m->key_start, NULL);
        if (key == NULL) goto error;
        PyTuple_SET_ITEM(keys, i, key);
        if (m->index >= 0 && (self->compared >> m->index) & 1) {
            item = PyBytes_FromStringAndSize((const char *)data + m->value_start, m->value_end - m->value_start);
            if (item == NULL) goto error;
            PyTuple_SET_ITEM(values, v, item);
            if ((item = Py_BuildValue("(On)", key, m->value_start)) == NULL) goto error;
            PyTuple_SET_ITEM(starts, v++, item);
        }
    }
    return Py_BuildValue("(O(NN)N)", Py_True, keys, values, starts);
error:
    Py_XDECREF(keys);
    Py_XDECREF(values);
    Py_XDECREF(starts);
    return NULL;
}

/* explain(raw) -> None | (False, failed) | (True, key, starts): see explain_top. `failed` holds (index, value
 * start, value end) of each member that fails its property's node, in the text's order; when the object's own
 * keywords fail instead, `key` and `starts` are object_key's. None also when both fail: a failing member's
 * value then decides the object's issues too, and such values are seldom repeated. */
static PyObject *Checker_explain(Checker *self, PyObject *raw) {
    Py_buffer view;
    Member members[MAX_MEMBERS];
    Py_ssize_t n_members, n_failed = 0;
    int object_failed, status;
    PyObject *failed, *item, *result;
    if (!built(self) || PyObject_GetBuffer(raw, &view, PyBUF_SIMPLE)) return NULL;
    status = explain_top(self->root, view.buf, view.len, members, &n_members, &object_failed);
    if (status == 0)
        for (Py_ssize_t i = 0; i < n_members; i++) n_failed += members[i].failed;
    if (status || (object_failed && n_failed)) {
        PyBuffer_Release(&view);
        Py_RETURN_NONE;
    }
    if (object_failed) {
        result = object_key(self, view.buf, members, n_members);
        PyBuffer_Release(&view);
        return result;
    }
    PyBuffer_Release(&view);
    if ((failed = PyTuple_New(n_failed)) == NULL) return NULL;
    n_failed = 0;
    for (Py_ssize_t i = 0; i < n_members; i++) {
        const Member *m = &members[i];
        if (!m->failed) continue;
        if ((item = Py_BuildValue("(nnn)", m->index, m->value_start, m->value_end)) == NULL) {
            Py_DECREF(failed);
            return NULL;
        }
        PyTuple_SET_ITEM(failed, n_failed++, item);
    }
    return Py_BuildValue("(ON)", Py_False, failed);
}

/* scan_lines(buffer, start, final) -> (stop, lines, payloads): accepts JSON Lines from `start` on, skipping
 * blank lines, and stops at the first line it does not accept, or at an unfinished last line unless `final`.
 * `stop` is where that line starts (len(buffer) when every line was accepted); `lines` counts the lines passed,
 * `payloads` the accepted ones among them. Lines end at "\n" alone, as a binary file's lines do in Python. */
static PyObject *Checker_scan_lines(Checker *self, PyObject *args) {
    Py_buffer view;
    Py_ssize_t start, lines = 0, payloads = 0;
    int final;
    if (!built(self) || !PyArg_ParseTuple(args, "y*np:scan_lines", &view, &start, &final)) return NULL;
    if (start < 0 || start > view.len) {
        PyBuffer_Release(&view);
        PyErr_SetString(PyExc_ValueError, "start is outside the buffer");
        return NULL;
    }
    const unsigned char *data = view.buf, *end = data + view.len, *p = data + start;
    while (p < end) {
        const unsigned char *newline = memchr(p, '\n', (size_t)(end - p));
        const unsigned char *line_end = newline ? newline + 1 : end, *q = p;
        if (newline == NULL && !final) break;
        while (q < line_end && (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n')) q++;
        if (q < line_end) {
            if (!accepts_text(self, p, line_end - p)) break;
            payloads++;
        }
        lines++;
        p = line_end;
    }
    PyBuffer_Release(&view);
    return Py_BuildValue("nnn", (Py_ssize_t)(p - data), lines, payloads);
}

/* The declared members a condition looks at (their presence or their value), one bit each. */
static uint64_t slots_used(const Pred *p) {
    uint64_t used = 0;
    if (p->op == P_PRESENT || p->op == P_KIND || p->op == P_IN) return p->slot >= 0 ? (uint64_t)1 << p->slot : 0;
    for (Py_ssize_t i = 0; i < p->n_args; i++) used |= slots_used(p->args[i]);
    return used;
}

static int Checker_init(Checker *self, PyObject *args, PyObject *kwargs) {
    static char *keywords[] = {"program", NULL};
    PyObject *program;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O:Checker", keywords, &program)) return -1;
    if (self->root != NULL) {
        PyErr_SetString(PyExc_TypeError, "a Checker is built once");
        return -1;
    }
    self->root = node_from(self, program, 0);
    if (self->root == NULL) return -1;
    for (Py_ssize_t i = 0; i < self->root->n_conditions; i++) self->compared |= slots_used(self->root->conditions[i].pred);
    if ((self->names = PyTuple_New(self->root->n_props)) == NULL) return -1;
    for (Py_ssize_t i = 0; i < self->root->n_props; i++) {
        const Prop *prop = &self->root->props[i];
        PyObject *name = PyUnicode_DecodeUTF8(prop->name, prop->len, "surrogatepass");
        if (name == NULL) return -1;
        PyTuple_SET_ITEM(self->names, i, name);
    }
    return 0;
}

static void Checker_dealloc(Checker *self) {
    Py_XDECREF(self->names);
    for (Py_ssize_t i = 0; i < self->n_blocks; i++) PyMem_Free(self->blocks[i]);
    PyMem_Free(self->blocks);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyMethodDef Checker_methods[] = {
    {"accepts", (PyCFunction)Checker_accepts, METH_O,
     "accepts(raw, /)\n--\n\nTrue only if raw (bytes-like) is certainly a valid payload; False: ask the exact path."},
    {"explain", (PyCFunction)Checker_explain, METH_O,
     "explain(raw, /)\n--\n\nThe failing members of the top object, or what decides its own keywords' issues; None: ask Python."},
    {"scan_lines", (PyCFunction)Checker_scan_lines, METH_VARARGS,
     "scan_lines(buffer, start, final, /)\n--\n\nAccept JSON Lines from start on: (stop, lines, payloads)."},
    {NULL, NULL, 0, NULL},
};

static PyMemberDef Checker_members[] = {
    {"names", T_OBJECT_EX, offsetof(Checker, names), READONLY, "The top object's declared names, by index."},
    {NULL, 0, 0, 0, NULL},
};

static PyTypeObject CheckerType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "schema_contracts.validate._native.Checker",
    .tp_basicsize = sizeof(Checker),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Checker(program)\n--\n\nA one-pass accept check of JSON payloads against a translated schema.",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Checker_init,
    .tp_dealloc = (destructor)Checker_dealloc,
    .tp_methods = Checker_methods,
    .tp_members = Checker_members,
};

static struct PyModuleDef native_module = {
    PyModuleDef_HEAD_INIT, .m_name = "schema_contracts.validate._native",
    .m_doc = "A one-pass accept check of JSON payloads, in C (see _program.py).", .m_size = -1,
    .m_methods = native_functions,
};

PyMODINIT_FUNC PyInit__native(void) {
    PyObject *module;
    if (PyType_Ready(&CheckerType) < 0) return NULL;
    module = PyModule_Create(&native_module);
    if (module == NULL) return NULL;
    Py_INCREF(&CheckerType);
    if (PyModule_AddObject(module, "Checker", (PyObject *)&CheckerType) < 0) {
        Py_DECREF(&CheckerType);
        Py_DECREF(module);
        return NULL;
    }
    if (PyModule_AddIntConstant(module, "MAX_DEPTH", MAX_DEPTH) || PyModule_AddIntConstant(module, "MAX_KEYS", MAX_KEYS) ||
        PyModule_AddIntConstant(module, "MAX_PROPS", MAX_PROPS)) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
