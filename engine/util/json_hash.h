/*
 * json_hash.h -- the SHA-256 of a JSON tree as compact JSON, without
 * printing it (library-internal).
 */
#ifndef CR_UTIL_JSON_HASH_H
#define CR_UTIL_JSON_HASH_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "cloudrisk/io.h"

/* Feed `h` exactly the bytes cJSON_PrintUnformatted(node) returns, walking
 * the tree: no allocation, nothing printed.  False (with an unspecified part
 * of the bytes fed) where cJSON_PrintUnformatted would return NULL for
 * another reason than memory: a node of no known type, a raw node without
 * text, a number too long for cJSON's buffer; and for a NULL node. */
bool cr_json_hash_update(cr_sha256 *h, const cJSON *node);

/* SHA-256 of node's compact JSON, as 64 lowercase hex digits; false (hex
 * left "") where cr_json_hash_update fails. */
bool cr_json_sha256_hex(const cJSON *node, char hex[65]);

#endif
