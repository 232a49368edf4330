package io.datamover.service.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of every error answer of a REST API: what is wrong, and the request field at fault or null.
 *
 * @param error a message naming the problem
 * @param field the request field at fault, null when none is
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ErrorBody(String error, String field) {
}
