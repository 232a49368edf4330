package io.datamover.blockstore.rest;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import java.util.UUID;

/** Ids and content for the API tests, which share one store per test run. */
final class ApiTestData {

    static final int SECTOR = 4096;

    private ApiTestData() {
    }

    /** A volume id no other test uses. */
    static String newId() {
        return "v-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A whole sector of content that differs with {@code seed}. */
    static byte[] sector(int seed) {
        byte[] data = new byte[SECTOR];
        new Random(seed).nextBytes(data);
        return data;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
