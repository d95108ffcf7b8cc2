import { Image } from '@cdktf/provider-docker/lib/image';
import type { Construct } from 'constructs';

/**
 * A `docker_image` for a pinned reference. `keep_locally`: destroying the stack (or moving the pin) does not
 * delete an image other containers on the host may use. Containers take its `image_id`, so they run exactly
 * the image that was pulled.
 */
export function pinnedImage(scope: Construct, id: string, reference: string): Image {
  return new Image(scope, id, { name: reference, keepLocally: true });
}
