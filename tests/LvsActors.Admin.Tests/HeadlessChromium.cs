using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace LvsActors.Admin.Tests;

/// <summary>
/// Debian's Chromium, headless, driven through Debian's chromedriver: the system browser, never one that Selenium
/// would download. A machine without them fails the test and says what to install.
/// </summary>
internal static class HeadlessChromium
{
    public const string Browser = "/usr/bin/chromium";
    public const string Driver = "/usr/bin/chromedriver";

    public static ChromeDriver Start()
    {
        var missing = new[] { Browser, Driver }.Where(p => !File.Exists(p)).ToList();
        if (missing.Count > 0)
        {
            Assert.Fail($"the status page's browser test needs Debian's Chromium and its driver; missing {string.Join(", ", missing)}: "
                + "apt-get install -y chromium chromium-driver (deploy/test.sh does)");
        }
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(Driver)!, Path.GetFileName(Driver));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = Browser, UnhandledPromptBehavior = UnhandledPromptBehavior.Ignore };
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start. Only loopback pages are opened.
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,900");
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        driver.Manage().Timeouts().ImplicitWait = TimeSpan.Zero;
        return driver;
    }
}
