package org.yizhan.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.yizhan.support.Api;
import org.yizhan.support.Fixtures;
import org.yizhan.support.TestApp;

@DisplayName("Map page, admin view: sign in, add, edit, move, delete, conflicts and import")
class AdminBrowserTest {
    static final double LON = 121.50;
    static final double LAT = 31.24;
    static Browser b;
    static Api api;

    @BeforeAll
    static void start() {
        TestApp.reset();
        api = TestApp.api();
        b = new Browser();
    }

    @AfterAll
    static void quit() {
        if (b != null) {
            b.close();
        }
    }

    @BeforeEach
    void signIn() {
        b.desktop();
        b.signInAsAdmin();
        assertFalse(b.driver.getCurrentUrl().contains(TestApp.ADMIN_TOKEN), "the token never goes into the URL");
        assertEquals(TestApp.ADMIN_TOKEN, b.js("return sessionStorage.getItem('yizhan.token')"));
        b.js("Y.map.setView([arguments[0], arguments[1]], 16, {animate: false})", LAT, LON);
    }

    private long create(String name, double lon, double lat) {
        Api.Resp r = api.post("/api/v1/stations", Fixtures.restStation(name, lon, lat));
        assertEquals(201, r.status(), r.toString());
        return r.json().getJsonObject("properties").getLong("id");
    }

    private void setField(String name, String value) {
        WebElement e = b.find("#a-form [name=" + name + "]");
        e.clear();
        e.sendKeys(value);
    }

    @Test
    @DisplayName("a wrong token is refused with a message")
    void wrongToken() {
        b.find("#a-signout").click();
        b.visible("#a-token").sendKeys("not-a-valid-token-at-all");
        b.find("#a-login button[type=submit]").click();
        b.waitFor(() -> b.find("#a-login-error").getText().contains("令牌无效"));
        assertTrue(b.js("return sessionStorage.getItem('yizhan.token')") == null);
    }

    @Test
    @DisplayName(
            "an admin adds a station on the map: field errors show beside the field, then it appears in the rider's list")
    void addStationThenRiderSeesIt() {
        b.find("#a-add").click();
        assertEquals("true", b.find("#a-add").getAttribute("aria-pressed"));
        b.clickMapAt(LON, LAT);
        b.visible("#a-form [name=name]");
        assertEquals(LON, Double.parseDouble(b.find("#a-form [name=lon]").getAttribute("value")), 1e-4);
        assertEquals(LAT, Double.parseDouble(b.find("#a-form [name=lat]").getAttribute("value")), 1e-4);
        // every writable property has a control
        for (String f : new String[] {
            "name",
            "kind",
            "category",
            "status",
            "access",
            "scene",
            "capacity",
            "address",
            "opening_hours",
            "phone",
            "district_code",
            "operator",
            "external_id",
            "rider_discount",
            "last_verified_at",
            "demo",
            "amenities",
            "vehicle_types",
            "lon",
            "lat"
        }) {
            assertEquals(1, b.all("#a-form [name=" + f + "]").size() > 0 ? 1 : 0, "form control for " + f);
        }
        setField("name", "外滩新驿站");
        setField("phone", "call me");
        setField("opening_hours", "Mo-Fr 08:00-20:00");
        b.find("#a-form input[name=amenities][value=toilet]").click();
        b.find("#a-save").click();
        b.waitFor(() -> !b.find("#err-phone").getText().isEmpty());
        assertTrue(
                b.find("#err-phone").getText().contains("phone"),
                b.find("#err-phone").getText());
        assertTrue(b.find("#a-form [name=phone]").getAttribute("class").contains("bad"));
        b.screenshot("admin-form-desktop");
        b.phone();
        b.find("#a-form [name=phone]").click();
        b.screenshot("admin-form-phone");
        b.desktop();
        setField("phone", "021-12345678");
        b.find("#a-save").click();
        b.waitFor(() -> b.find("#a-msg").getText().startsWith("已创建站点"));
        JsonObject near = api.get("/api/v1/stations/nearest?lon=" + LON + "&lat=" + LAT + "&limit=1")
                .json()
                .getJsonArray("features")
                .getJsonObject(0)
                .getJsonObject("properties");
        assertEquals("外滩新驿站", near.getString("name"));
        assertEquals("021-12345678", near.getString("phone"));
        assertEquals("toilet", near.getJsonArray("amenities").getString(0));

        // placing another one of the same kind on the same spot warns about a duplicate
        b.find("#a-add").click();
        b.clickMapAt(LON + 0.0001, LAT);
        b.visible("#a-form [name=name]");
        setField("name", "外滩新驿站");
        b.find("#a-form [name=name]").sendKeys("\t");
        b.waitFor(() -> b.all("#a-dup .dup").size() == 2);
        assertTrue(
                b.find("#a-dup").getText().contains("30 米内已有同类型站点：外滩新驿站"),
                b.find("#a-dup").getText());

        b.open("/?lat=" + LAT + "&lon=" + (LON + 0.001) + "#rider");
        b.waitFor(() -> b.all("#rider-list .card").size() >= 1);
        assertTrue(
                b.find("#rider-list").getText().contains("外滩新驿站"),
                b.find("#rider-list").getText());
    }

    @Test
    @DisplayName("a 412 conflict is explained with a reload choice, not swallowed")
    void conflictIsShown() {
        long id = create("冲突测试驿站", LON + 0.002, LAT);
        b.js("Y.views.admin.edit(arguments[0])", id);
        b.visible("#a-form [name=name]");
        b.waitFor(() -> b.find("#a-form [name=name]").getAttribute("value").equals("冲突测试驿站"));
        setField("name", "我的名字");
        // someone else changes it behind the page's back
        Api.Resp r = api.admin(
                HttpMethod.PATCH,
                "/api/v1/stations/" + id,
                new JsonObject().put("properties", new JsonObject().put("name", "别人的名字")),
                Map.of("If-Match", "\"1\""));
        assertEquals(200, r.status(), r.toString());
        b.find("#a-save").click();
        b.visible("#conflict");
        // Looked up afresh on each try: the panel may be re-rendered while the answer arrives.
        b.waitFor(() -> b.find("#conflict").getText().contains("版本 2"));
        String conflict = b.find("#conflict").getText();
        assertTrue(conflict.contains("未保存"), conflict);
        assertEquals(
                "别人的名字",
                api.get("/api/v1/stations/" + id)
                        .json()
                        .getJsonObject("properties")
                        .getString("name"));
        b.screenshot("admin-conflict-desktop");
        b.find("#conflict-reload").click();
        b.waitFor(() -> b.all("#a-form [name=name]").size() == 1
                && "别人的名字".equals(b.find("#a-form [name=name]").getAttribute("value")));
        // after reloading, a save goes through
        setField("name", "合并后的名字");
        b.find("#a-save").click();
        b.waitFor(() -> b.find("#a-msg").getText().contains("版本 3"));
        assertEquals(
                "合并后的名字",
                api.get("/api/v1/stations/" + id)
                        .json()
                        .getJsonObject("properties")
                        .getString("name"));
    }

    @Test
    @DisplayName("dragging a station's marker moves it; delete asks for confirmation")
    void dragAndDelete() {
        long id = create("拖动驿站", LON - 0.002, LAT);
        b.js("Y.map.setView([arguments[0], arguments[1]], 17, {animate: false})", LAT, LON - 0.002);
        // The markers are drawn again after each load of the view (sign-in, then the new zoom): a marker found
        // just before a reload is gone when the drag starts, and the drag (nothing done yet) is tried again.
        b.waitFor(() -> {
            try {
                WebElement marker = b.visible(".leaflet-marker-icon[title='拖动驿站']");
                new Actions(b.driver)
                        .clickAndHold(marker)
                        .moveByOffset(20, 0)
                        .moveByOffset(40, 0)
                        .release()
                        .perform();
                return true;
            } catch (StaleElementReferenceException e) {
                return false;
            }
        });
        b.waitFor(() -> b.find("#a-msg").getText().startsWith("已移动站点"));
        JsonObject moved = api.get("/api/v1/stations/" + id).json();
        assertTrue(
                moved.getJsonObject("geometry").getJsonArray("coordinates").getDouble(0) > LON - 0.002 + 0.0001,
                moved.toString());
        assertEquals(2, moved.getJsonObject("properties").getInteger("version"));

        b.js("Y.views.admin.edit(arguments[0])", id);
        b.visible("#a-delete").click();
        b.visible("#a-delete-yes");
        assertEquals(200, api.get("/api/v1/stations/" + id).status(), "nothing deleted before confirming");
        b.find("#a-delete-yes").click();
        b.waitFor(() -> b.find("#a-msg").getText().startsWith("已删除站点"));
        assertEquals(404, api.get("/api/v1/stations/" + id).status());
    }

    @Test
    @DisplayName("a CSV import reports each rejected row")
    void importReport() throws Exception {
        Path csv = Files.createTempFile("yizhan-import-", ".csv");
        Files.writeString(
                csv,
                "lon,lat,kind,category,name,external_id\n"
                        + "121.49,31.23,rest_station,union_station,导入一号,imp-1\n"
                        + "121.491,31.231,parking,,导入二号,imp-2\n"
                        + "121.492,31.232,rest_station,,缺类别,imp-3\n"
                        + "121.4911,31.231,parking,,导入二号旁边,imp-4\n",
                StandardCharsets.UTF_8);
        b.find("#a-file").sendKeys(csv.toAbsolutePath().toString());
        b.waitFor(() -> b.all("#a-import-summary").size() == 1);
        assertEquals("新增 3，更新 0，未变 0，拒绝 1，疑似重复 1", b.find("#a-import-summary").getText());
        String row = b.find("#a-import-rejected tr:nth-child(2)").getText();
        assertTrue(row.contains("category"), row);
        String dup = b.find("#a-import-warnings tr:nth-child(2)").getText();
        assertTrue(dup.startsWith("3 geometry") && dup.contains("row 1 of this import"), dup);
        assertEquals(
                "/api/v1/stations/export?format=csv",
                b.find("#a-export").getAttribute("href").replaceFirst("^https?://[^/]+", ""),
                "the export link");
        b.screenshot("admin-import-desktop");
        Files.delete(csv);
    }
}
