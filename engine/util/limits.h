/*
 * limits.h -- the limits on input, one set for every kind of input file
 * (library-internal; doc/security.md, "Limits").
 *
 * A field means the same whatever file it comes from: an owner is a name
 * whether a service file or a checklist gives it, evidence is free text in
 * both, and so on.  Every reader takes its bounds from here, so that no
 * file accepts what another refuses.
 */
#ifndef CR_UTIL_LIMITS_H
#define CR_UTIL_LIMITS_H

/* Bytes of a name: a service's name, an owner, an e-mail address, who took
 * a decision, an approver, a participant. */
#define CR_LIMIT_NAME_BYTES 200
/* Bytes of free text: evidence, a rationale. */
#define CR_LIMIT_TEXT_BYTES 4000
/* Bytes of a decision's note (it is printed on the approval sheet). */
#define CR_LIMIT_NOTE_BYTES 2000

/* Elements of one JSON array or members of one object, and values in one
 * JSON document, checked before any tree is built: no input of cloudrisk
 * needs more (the catalogue, the largest, has 22 308 values and at most
 * 1 714 in one array), and a tree costs some 60 times its text's bytes. */
#define CR_LIMIT_JSON_ELEMENTS 10000
#define CR_LIMIT_JSON_VALUES 1000000

/* Rows of one CSV file, checked while it is read: a fleet's manifest is the
 * longest (a service a row).  A checklist is bounded tighter, by the
 * catalogue (a row per control or detailed control). */
#define CR_LIMIT_CSV_ROWS 200000

#endif
