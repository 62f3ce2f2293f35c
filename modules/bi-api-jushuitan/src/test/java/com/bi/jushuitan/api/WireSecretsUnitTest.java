package com.bi.jushuitan.api;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import com.bi.common.json.Json;
import com.bi.jushuitan.domain.Shop;
import com.bi.jushuitan.domain.ShopStatus;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * A shop's secrets never reach a response: the list is built from {@link ShopStatus}, which has no secret field,
 * and shows the secrets only as a mask; the {@link Shop} that holds them prints none either.
 */
class WireSecretsUnitTest {
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(secret|token|hash|password).*");
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void theShopStatusGivenToTheApiHoldsNoSecret() {
        List<String> secrets = Arrays.stream(ShopStatus.class.getRecordComponents()).map(c -> c.getName())
                .filter(name -> SECRET_NAME.matcher(name).matches()).toList();
        assertThat(secrets, is(empty()));
    }

    @Test
    void theListShowsTheSecretsOnlyAsAMask() throws Exception {
        ShopStatus status = new ShopStatus(1, "10001", "TMALL", "app-key", "https://openapi.jushuitan.com", true, AT, "IDLE", AT, AT,
                null, 5, 0, 42L, 0);
        String json = Json.MAPPER.writeValueAsString(ShopResponse.of(status, null));
        assertThat(json, containsString("\"app_secret\":\"********\""));
        assertThat(json, containsString("\"access_token\":\"********\""));
        assertThat(json, containsString("\"mode\":\"INCREMENTAL\""));
        assertThat(json, containsString("\"checkpoint\":\"2026-01-01T00:00:00Z\""));
    }

    @Test
    void aShopWithItsSecretsPrintsNone() {
        Shop shop = new Shop(1, "t1", "10001", "TMALL", "app-key", "THE-APP-SECRET", "THE-ACCESS-TOKEN", "https://x", true, AT,
                null, null, true);
        assertThat(shop.toString(), not(containsString("THE-APP-SECRET")));
        assertThat(shop.toString(), not(containsString("THE-ACCESS-TOKEN")));
    }
}
