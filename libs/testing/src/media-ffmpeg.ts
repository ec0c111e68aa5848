import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './isolation';

/**
 * An MP4 made with ffmpeg's lavfi sources: a test pattern video (160x120, 10 fps) with a 440 Hz
 * tone, `seconds` long. Needs ffmpeg (tools/scripts/ensure-tools.sh installs it).
 */
export function lavfiMp4(seconds: number): Buffer {
  const dir = tempDir('lavfi');
  try {
    const out = join(dir.path, 'fixture.mp4');
    execFileSync(
      'ffmpeg',
      ['-v', 'error', '-f', 'lavfi', '-i', `testsrc=duration=${seconds}:size=160x120:rate=10`, '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`,
        '-shortest', '-c:v', 'mpeg4', '-c:a', 'aac', '-f', 'mp4', out],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    return readFileSync(out);
  } finally {
    dir.remove();
  }
}
