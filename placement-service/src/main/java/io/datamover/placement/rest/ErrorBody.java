package io.datamover.placement.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of every error answer: what is wrong, and the field at fault or null. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ErrorBody(String error, String field) {
}
