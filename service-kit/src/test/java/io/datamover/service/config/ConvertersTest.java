package io.datamover.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConvertersTest {

    @Test
    void shouldRefuseASiteThatIsNoDns1123LabelNamingTheKey() {
        assertThat(new SiteIdConverter().convert(" stockholm ")).isEqualTo("stockholm");
        assertThatThrownBy(() -> new SiteIdConverter().convert("../etc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("datamover.site");
    }

    @Test
    void shouldRefuseAStoreUrlThatIsNotHttpWithAHost() {
        assertThat(new StoreUrlConverter().convert("http://127.0.0.1:8091")).isEqualTo("http://127.0.0.1:8091");
        assertThatThrownBy(() -> new StoreUrlConverter().convert("file:///tmp/store"))
                .hasMessageContaining("'datamover.store-url' must be an http(s) URL with a host");
        assertThatThrownBy(() -> new StoreUrlConverter().convert("http://bad host"))
                .hasMessageContaining("'datamover.store-url' is not a URL");
    }

    @Test
    void shouldRefuseACountBelowOne() {
        assertThat(new PositiveIntConverter().convert(" 4096 ")).isEqualTo(4096);
        assertThatThrownBy(() -> new PositiveIntConverter().convert("0")).hasMessage("must be at least 1, was 0");
    }
}
