// dcc.Tabs draws its tabs as plain divs: give them a tab stop and the tab role, and let Enter
// or Space choose one, so the explorer's panels are reachable by keyboard.
new MutationObserver(() => {
    document.querySelectorAll(".tab-container .tab:not([tabindex])").forEach((tab) => {
        tab.tabIndex = 0;
        tab.setAttribute("role", "tab");
    });
}).observe(document.documentElement, {childList: true, subtree: true});

document.addEventListener("keydown", (event) => {
    const tab = event.target.closest && event.target.closest(".tab-container .tab");
    if (tab && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault();
        tab.click();
    }
});
