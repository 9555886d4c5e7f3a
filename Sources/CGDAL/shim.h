// GDAL's C API: datasets and drivers, raster bands and rasterisation (gdal_alg.h), OGR features and
// geometries, OSR spatial references and CPL error handling. Only Sources/Coverage/GDAL uses it.
#include <gdal.h>
#include <gdal_alg.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
