package dev.keyless.gcp.mapping;

/** Why an attribute mapping could not produce attributes for a credential. */
public enum MappingFailureReason {
    /** The expression raised an error, e.g. CEL "no such key" for a claim the token lacks. */
    EVALUATION_ERROR,
    /** {@code google.subject} or an {@code attribute.*} value is not a string. */
    NOT_A_STRING,
    /** {@code google.groups} is not a list of strings. */
    GROUPS_NOT_A_STRING_LIST,
    /** {@code google.subject} evaluated to the empty string. */
    EMPTY_SUBJECT,
    /** {@code google.subject} is longer than 127 bytes in UTF-8. */
    SUBJECT_TOO_LONG,
    /** All mapped values together exceed 8 KB. */
    MAPPED_SIZE_TOO_LARGE
}
