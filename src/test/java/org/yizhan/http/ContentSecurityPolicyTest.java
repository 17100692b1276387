package org.yizhan.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Content-Security-Policy: the image source of a tile URL template")
class ContentSecurityPolicyTest {
    @Test
    @DisplayName("scheme, host and port are kept; a {s} first label becomes *; a template on this server needs none")
    void tileSources() {
        assertEquals(
                "https://*.tile.openstreetmap.org",
                ContentSecurityPolicy.tileSource("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png"));
        assertEquals(
                "http://tiles.example.cn:8081",
                ContentSecurityPolicy.tileSource("http://tiles.example.cn:8081/{z}/{x}/{y}.png?k=1"));
        assertEquals(
                "https://webrd0{s}.is.autonavi.com".replace("webrd0{s}", "*"),
                ContentSecurityPolicy.tileSource("https://webrd0{s}.is.autonavi.com/appmaptile?x={x}&y={y}&z={z}"));
        assertEquals(
                "https:",
                ContentSecurityPolicy.tileSource("https://tiles.{s}.example.com/{z}/{x}/{y}.png"),
                "a placeholder CSP cannot express: any https host");
        assertNull(ContentSecurityPolicy.tileSource("/tiles/{z}/{x}/{y}.png"));
    }
}
