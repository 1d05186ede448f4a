// Starting tauri-driver (which starts WebKitWebDriver) on two free ports and waiting
// until it answers: shared by the end-to-end test of the development build (run.mjs)
// and of the unpacked package (package.mjs).
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { WebDriver } from "./webdriver.mjs";

/** A TCP port the system says is free. */
export const freePort = () =>
  new Promise((ok, fail) => {
    const srv = createServer();
    srv.on("error", fail);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });

/**
 * Starts `driverBin` with `env` and waits (up to 60 s) for it to answer. Returns the
 * WebDriver client and `stop()`, which ends the session and the driver. Throws if the
 * driver cannot start or exits first.
 */
export async function startDriver(driverBin, env) {
  const port = await freePort();
  let nativePort = await freePort();
  while (nativePort === port) nativePort = await freePort();
  const driver = spawn(driverBin, ["--port", String(port), "--native-port", String(nativePort), "--native-driver", "/usr/bin/WebKitWebDriver"], {
    env,
    stdio: ["ignore", "inherit", "inherit"],
  });
  let driverExit = null;
  driver.on("error", (e) => (driverExit = `cannot start ${driverBin}: ${e.message}`));
  driver.on("exit", (code, signal) => (driverExit ??= `tauri-driver exited (code ${code}, signal ${signal})`));
  const wd = new WebDriver(`http://127.0.0.1:${port}`);
  const stop = async () => {
    await wd.stop();
    driver.kill("SIGTERM");
  };
  try {
    await wd.waitFor(
      "tauri-driver",
      () => {
        if (driverExit) throw new Error(driverExit);
        return fetch(`http://127.0.0.1:${port}/status`).then((r) => r.ok);
      },
      60000,
    );
  } catch (e) {
    driver.kill("SIGTERM");
    throw e;
  }
  return { wd, stop };
}
